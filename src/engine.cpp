// The engine: one pass from inputs to a sorted Report, parallel where the work allows.
#include "shipshape/engine.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "internal.hpp"

namespace shipshape {

namespace detail {

/// A rule instance with its effective settings for one run.
struct RuleSlot {
  std::unique_ptr<Rule> rule;
  Scope scope;  // kept here: the dispatch tables hold views of its kind names
  const RuleInfo* info = nullptr;
  Severity severity = Severity::warning;
  bool severity_configured = false;
};

/// A finding before positions and strings are resolved.
struct PendingFinding {
  const RuleSlot* slot = nullptr;      // the rule that reported it
  const Resource* resource = nullptr;  // null for problems outside any object
  const SourceText* source = nullptr;
  std::uint32_t file_index = 0;
  std::uint32_t offset = 0;
  std::uint32_t document = 0;
  Severity severity = Severity::warning;
  bool suppressed = false;
  std::string message;
  std::string path;
  Fix fix;
  // Resolved once the rules are done, so that the texts and trees can go before the Report is built.
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t owner = 0xFFFFFFFFU;  // index in the run's list of objects with findings; none for input problems
};

}  // namespace detail

using detail::PendingFinding;
using detail::RuleSlot;

namespace {

constexpr std::size_t kChunkBytes = std::size_t{256} * 1024;  // parse big streams in pieces this size
constexpr std::size_t kSplitThreshold = 1 << 20;              // streams above this are split

/// Runs `work(task)` for task in [0, count) on up to `jobs` threads. When the system refuses
/// a thread (a process or memory limit), the threads already started share the work: a run
/// goes on with fewer threads rather than aborting.
template <typename Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
  if (count == 0) return;
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(jobs, count));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i, 0U);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&](unsigned worker) {
    try {
      for (std::size_t i = next++; i < count; i = next++) work(i, worker);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = count;
    }
  };
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  } catch (const std::exception&) {
    // std::system_error (EAGAIN) or std::bad_alloc: no more threads. Joining those that run
    // matters: destroying a joinable std::thread calls std::terminate.
  }
  run(0);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

unsigned effective_jobs(unsigned jobs) {
  if (jobs != 0) return jobs;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string unknown_rule_message(const Registry& registry, std::string_view id) {
  std::string best;
  std::size_t best_distance = 4;
  for (const RuleInfo* info : registry.infos()) {
    const std::size_t d = edit_distance(id, info->id);
    if (d < best_distance) {
      best_distance = d;
      best = info->id;
    }
  }
  if (best.empty()) return fmt::format("unknown rule \"{}\" (see `shipshape rules`)", id);
  return fmt::format("unknown rule \"{}\"; did you mean \"{}\"?", id, best);
}

/// Line and column of offsets visited in increasing order within a source, found by scanning
/// forward from the previous one. Same answers as SourceText::position, without building (and
/// holding) a line table for every file that has a finding.
class LineCursor {
 public:
  Position position(const SourceText& source, std::uint32_t offset) {
    const std::string_view text = source.text();
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
    if (&source != source_ || offset < offset_) {
      source_ = &source;
      offset_ = 0;
      line_ = 1;
      line_start_ = 0;
    }
    const char* base = text.data();
    const char* p = base + offset_;
    const char* end = base + offset;
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      if (!nl) break;
      p = static_cast<const char*>(nl) + 1;
      ++line_;
      line_start_ = static_cast<std::uint32_t>(p - base);
    }
    offset_ = offset;
    // Columns count code points: every byte that is not a UTF-8 continuation byte.
    std::uint32_t column = 1;
    for (std::uint32_t i = line_start_; i < offset; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++column;
    }
    return {line_, column};
  }

 private:
  const SourceText* source_ = nullptr;
  std::uint32_t offset_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t line_start_ = 0;
};

/// One unit of loading work: a whole source, or a range of a big YAML stream.
struct LoadTask {
  std::shared_ptr<const SourceText> source;
  InputFormat format = InputFormat::yaml;
  std::uint32_t file_index = 0;
  bool whole = true;
  DocumentRange range;
  // Outputs.
  std::vector<Resource> resources;
  std::vector<Problem> problems;
  std::vector<std::uint32_t> problem_resource;  // per problem: index in `resources`, or npos
  std::uint32_t documents = 0;
  std::uint32_t skipped = 0;
  std::string refused;  // when set, the input is not parsed: this is the one problem to report
};

constexpr std::uint32_t kNoResource = 0xFFFFFFFFU;

/// The object references and Helm sources of the objects with findings, kept once the trees
/// they point into are gone: apiVersion, kind, namespace, name and Helm source of each object
/// back to back in one buffer (a few dozen bytes an object instead of five strings).
class Owners {
 public:
  std::uint32_t add(const Resource& r) {
    const ObjectRef ref = r.ref();
    const auto index = static_cast<std::uint32_t>(bounds_.size());
    std::array<std::uint32_t, kFields + 1> b{};
    b[0] = static_cast<std::uint32_t>(text_.size());
    std::size_t i = 0;
    for (const std::string_view field :
         {std::string_view(ref.api_version), std::string_view(ref.kind), std::string_view(ref.ns),
          std::string_view(ref.name), r.source().helm_source}) {
      text_.append(field);
      b[++i] = static_cast<std::uint32_t>(text_.size());
    }
    bounds_.push_back(b);
    return index;
  }
  [[nodiscard]] ObjectRef ref(std::uint32_t i) const {
    return {std::string(field(i, 0)), std::string(field(i, 1)), std::string(field(i, 2)), std::string(field(i, 3))};
  }
  [[nodiscard]] std::string_view helm_source(std::uint32_t i) const { return field(i, 4); }

 private:
  static constexpr std::size_t kFields = 5;
  [[nodiscard]] std::string_view field(std::uint32_t i, std::size_t f) const {
    return std::string_view(text_).substr(bounds_[i][f], bounds_[i][f + 1] - bounds_[i][f]);
  }
  std::string text_;
  std::vector<std::array<std::uint32_t, kFields + 1>> bounds_;
};

}  // namespace

struct Engine::Impl {
  Config config;
  Registry registry;
  RunSettings settings;
  std::vector<const Registry::Entry*> enabled;  // sorted by id
  std::vector<WorkloadKind> workload_kinds;

  [[nodiscard]] bool enabled_by_config(const RuleInfo& info) const {
    if (!config.only.empty()) {
      return std::find(config.only.begin(), config.only.end(), info.id) != config.only.end();
    }
    bool on = info.enabled;
    if (auto it = config.rules.find(info.id); it != config.rules.end() && it->second.enabled) {
      on = *it->second.enabled;
    }
    if (std::find(config.enable.begin(), config.enable.end(), info.id) != config.enable.end()) on = true;
    if (std::find(config.disable.begin(), config.disable.end(), info.id) != config.disable.end()) on = false;
    return on;
  }

  void validate() {
    for (const auto& [id, rc] : config.rules) {
      if (!registry.find(id)) {
        throw ConfigError(fmt::format("{}: {}", config_location(config, rc.where), unknown_rule_message(registry, id)));
      }
    }
    for (const auto* list : {&config.enable, &config.disable, &config.only}) {
      for (const auto& id : *list) {
        if (!registry.find(id)) throw ConfigError(unknown_rule_message(registry, id));
      }
    }
    for (const auto& entry : registry.entries()) {
      const RuleInfo& info = entry.prototype->info();
      Value options;
      if (auto it = config.rules.find(info.id); it != config.rules.end()) options = it->second.options;
      Options opts(&info, options);
      Value where;
      if (auto problem = opts.validate(where)) {
        throw ConfigError(fmt::format("{}: {}", config_location(config, where), *problem));
      }
      if (enabled_by_config(info)) {
        // Configure a throw-away instance now, so a value the rule rejects fails early.
        auto probe = entry.factory();
        try {
          probe->configure(opts);
        } catch (const OptionError& e) {
          // At the value at fault (the list item when known), or at the options when it is a default.
          Value at = options[e.option()];
          if (at && e.item() && at.is_sequence()) at = at[*e.item()];
          throw ConfigError(fmt::format("{}: rule {}: {}", config_location(config, at ? at : options), info.id, e.what()));
        } catch (const std::invalid_argument& e) {
          throw ConfigError(fmt::format("{}: rule {}: {}", config_location(config, options), info.id, e.what()));
        }
        enabled.push_back(&entry);
      }
    }
    std::sort(enabled.begin(), enabled.end(), [](const Registry::Entry* a, const Registry::Entry* b) {
      return a->prototype->info().id < b->prototype->info().id;
    });
  }

  Report run(const std::vector<std::string>& paths, std::vector<TextInput> texts, unsigned jobs,
             bool collect_objects, const std::atomic<bool>* cancel) const;
};

Engine::Engine(Config config, Registry registry) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->registry = std::move(registry);
  impl_->settings.default_namespace = impl_->config.default_namespace;
  impl_->settings.kubernetes_version = impl_->config.kubernetes_version;
  impl_->workload_kinds = builtin_workload_kinds();
  for (const auto& wk : impl_->config.custom_workloads) impl_->workload_kinds.push_back(wk);
  impl_->validate();
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const Registry& Engine::registry() const noexcept { return impl_->registry; }
const Config& Engine::config() const noexcept { return impl_->config; }

std::vector<const RuleInfo*> Engine::enabled_rules() const {
  std::vector<const RuleInfo*> out;
  for (const auto* e : impl_->enabled) out.push_back(&e->prototype->info());
  return out;
}

Report Engine::check_paths(const std::vector<std::string>& paths) const { return check(paths, {}); }

Report Engine::check_texts(std::vector<TextInput> texts) const { return check({}, std::move(texts)); }

Report Engine::check(const std::vector<std::string>& paths, std::vector<TextInput> texts) const {
  return impl_->run(paths, std::move(texts), effective_jobs(jobs_), collect_objects_, cancel_);
}

const RuleInfo& Context::rule() const noexcept { return *slot_->info; }

namespace {

/// Where a finding on `at` should point. A mapping or list value that starts on the line after
/// its key (`livenessProbe:` then the handler below) is shown at its key, which is what a reader
/// looks for; everything else at the node itself.
std::uint32_t field_offset(const Resource& object, Value at, const FieldPath& path) {
  if ((!at.is_mapping() && !at.is_sequence()) || path.empty() || path.segments().back().index >= 0) {
    return at.offset();
  }
  Value parent = object.root();
  const auto& segments = path.segments();
  for (std::size_t i = 0; i + 1 < segments.size() && parent; ++i) {
    const auto& s = segments[i];
    parent = s.index >= 0 ? parent[static_cast<std::size_t>(s.index)] : parent[s.key];
  }
  const Value key = parent.key_node(segments.back().key);
  if (key && parent[segments.back().key].same_node(at)) return key.offset();
  return at.offset();
}

}  // namespace

void Context::report(const Resource& object, Value at, const FieldPath& path, std::string message, Fix fix,
                     std::optional<Severity> severity) {
  PendingFinding f;
  f.slot = slot_;
  f.resource = &object;
  f.source = &object.source().tree->source();
  f.file_index = object.source().file_index;
  const Value where = at ? at : object.root();
  f.offset = field_offset(object, where, path);
  f.document = object.source().document;
  f.severity = slot_->severity_configured ? slot_->severity : severity.value_or(slot_->severity);
  f.message = std::move(message);
  f.path = path.str();
  f.fix = std::move(fix);
  f.suppressed = object.ignores(slot_->info->id);
  out_->push_back(std::move(f));
}

Report Engine::Impl::run(const std::vector<std::string>& paths, std::vector<TextInput> texts, unsigned jobs,
                         bool collect_objects, const std::atomic<bool>* cancel) const {
  Report report;
  // Workers skip their remaining work once the flag is up; each stage then throws.
  auto cancelled = [cancel] { return cancel != nullptr && cancel->load(std::memory_order_relaxed); };
  auto stop_if_cancelled = [&] {
    if (cancelled()) throw Cancelled();
  };

  // 1. Inputs, read in parallel.
  InputFiles inputs = collect_inputs(paths);
  report.errors = std::move(inputs.errors);
  struct Source {
    std::shared_ptr<const SourceText> text;
    InputFormat format;
    std::string error;
    std::string name;
    std::string refused;  // too large: a finding on the input instead of its contents
  };
  const std::uint64_t max_bytes = std::min(config.max_input_bytes, kMaxInputBytesCeiling);
  auto too_large = [&](Source& s, const InputTooLarge& e) {
    s.text = std::make_shared<SourceText>(s.name, std::string());
    s.format = InputFormat::yaml;
    s.refused = fmt::format("{}; it was not checked (raise the limit with maxInputSize or --max-input-size)", e.what());
  };
  std::vector<Source> sources(inputs.files.size() + texts.size());
  parallel_for(inputs.files.size(), jobs, [&](std::size_t i, unsigned) {
    if (cancelled()) return;
    const std::string& path = inputs.files[i];
    Source& s = sources[i];
    s.name = path == "-" ? "<stdin>" : path;
    try {
      std::string text = read_input(path, max_bytes);
      InputFormat format = format_for(path);
      if (path == "-") {
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && text[first] == '{') format = InputFormat::json;
      }
      s.text = std::make_shared<SourceText>(s.name, std::move(text));
      s.format = format;
    } catch (const InputTooLarge& e) {
      too_large(s, e);
    } catch (const std::exception& e) {
      s.error = e.what();
    }
  });
  stop_if_cancelled();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Source& s = sources[inputs.files.size() + i];
    s.name = texts[i].name;
    s.format = texts[i].format;
    if (texts[i].text.size() > max_bytes) {
      too_large(s, InputTooLarge(texts[i].text.size(), max_bytes));
      std::string().swap(texts[i].text);
      continue;
    }
    s.text = std::make_shared<SourceText>(texts[i].name, normalize_encoding(std::move(texts[i].text)));
  }

  // 2. Parse and build resources. Big YAML streams are parsed in ranges whatever the number
  // of threads: the cores share the work, the results do not depend on -j, and each range
  // gets a tree of its own, so a huge stream never needs one huge, over-reserved node array.
  std::vector<LoadTask> tasks;
  std::uint32_t file_index = 0;
  for (auto& s : sources) {
    if (!s.text) {
      report.errors.push_back({s.name, s.error});
      continue;
    }
    ++report.summary.files;
    report.summary.bytes += s.text->text().size();
    const std::uint32_t index = file_index++;
    const std::string_view text = s.text->text();
    if (!s.refused.empty()) {
      LoadTask t;
      t.source = s.text;
      t.file_index = index;
      t.refused = std::move(s.refused);
      tasks.push_back(std::move(t));
    } else if (s.format == InputFormat::yaml && text.size() > kSplitThreshold && text.find('\0') == std::string_view::npos) {
      for (const DocumentRange& r : split_documents(text, kChunkBytes)) {
        LoadTask t;
        t.source = s.text;
        t.format = s.format;
        t.file_index = index;
        t.whole = false;
        t.range = r;
        if (t.range.begin == 0 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) t.range.begin = 3;
        tasks.push_back(std::move(t));
      }
    } else {
      LoadTask t;
      t.source = s.text;
      t.format = s.format;
      t.file_index = index;
      tasks.push_back(std::move(t));
    }
  }
  const ResourceBuilder builder(config.default_namespace, workload_kinds);
  parallel_for(tasks.size(), jobs, [&](std::size_t i, unsigned) {
    LoadTask& t = tasks[i];
    if (cancelled()) return;
    if (!t.refused.empty()) {
      t.problems.push_back(Problem{"yaml-syntax", t.source, 0, 0, std::move(t.refused), {}, {}});
      t.problem_resource.assign(1, kNoResource);
      return;
    }
    ParseResult parsed = t.whole ? parse(t.source, t.format)
                                 : parse_yaml_range(t.source, t.range.begin, t.range.end, t.range.first_document);
    t.problems = std::move(parsed.problems);
    t.problem_resource.assign(t.problems.size(), kNoResource);
    t.documents = static_cast<std::uint32_t>(parsed.documents.size());
    ResourceBuilder::Counts counts;
    for (const Document& doc : parsed.documents) {
      const std::size_t first_problem = t.problems.size();
      const std::size_t first_resource = t.resources.size();
      builder.add(doc, t.file_index, t.resources, t.problems, counts);
      // A problem that names an object belongs to that object (of this document).
      for (std::size_t p = first_problem; p < t.problems.size(); ++p) {
        std::uint32_t owner = kNoResource;
        if (!t.problems[p].object.kind.empty()) {
          for (std::size_t r = first_resource; r < t.resources.size(); ++r) {
            if (t.resources[r].root().offset() <= t.problems[p].offset &&
                t.resources[r].ref() == t.problems[p].object) {
              owner = static_cast<std::uint32_t>(r);
            }
          }
        }
        t.problem_resource.push_back(owner);
      }
    }
    t.skipped = counts.skipped;
  });
  stop_if_cancelled();

  // 3. One list of resources in input order; ids are positions in it.
  std::vector<Resource> resources;
  std::size_t total = 0;
  for (const auto& t : tasks) total += t.resources.size();
  resources.reserve(total);
  std::vector<std::uint32_t> task_base(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    task_base[i] = static_cast<std::uint32_t>(resources.size());
    for (auto& r : tasks[i].resources) {
      ResourceBuilder::set_id(r, static_cast<std::uint32_t>(resources.size()));
      resources.push_back(std::move(r));
    }
    std::vector<Resource>().swap(tasks[i].resources);  // give the moved-from array back now
    report.summary.documents += tasks[i].documents;
    report.summary.skipped_documents += tasks[i].skipped;
  }
  report.summary.objects = static_cast<std::uint32_t>(resources.size());
#ifdef __GLIBC__
  // Loading freed the per-task arrays and the parser's scratch, much of it in the workers'
  // arenas where the index (built on this thread) cannot reuse it: return those pages now so
  // they do not add to the peak. About 0.1x the input size on a big stream.
  malloc_trim(0);
#endif

  // Kinds that a CustomResourceDefinition of the run declares cluster-scoped.
  std::unordered_set<std::string> cluster_kinds;
  for (const Resource& r : resources) {
    if (r.kind() == "CustomResourceDefinition" && r.spec()["scope"].equals("Cluster")) {
      cluster_kinds.insert(fmt::format("{}/{}", r.spec()["group"].str(), r.spec()["names"]["kind"].str()));
    }
  }
  if (!cluster_kinds.empty()) {
    for (Resource& r : resources) {
      if (r.namespaced() && cluster_kinds.count(fmt::format("{}/{}", r.group(), r.kind()))) {
        ResourceBuilder::make_cluster_scoped(r);
      }
    }
  }

  if (collect_objects) {
    // Only on request (the Python DataFrames join findings with labels): a summary per object
    // is a sizeable share of a big run's memory.
    report.objects.reserve(resources.size());
    LineCursor lines;
    for (const Resource& r : resources) {
      ObjectSummary o;
      o.ref = r.ref();
      o.file = r.source().file();
      o.document = r.source().document;
      o.line = lines.position(r.source().tree->source(), r.root().offset()).line;
      for (const Entry e : r.labels().entries()) o.labels.emplace_back(e.key.str(), e.value.str());
      for (const Entry e : r.pod_labels().entries()) {
        if (!r.labels()[e.key.str()]) o.labels.emplace_back(e.key.str(), e.value.str());
      }
      report.objects.push_back(std::move(o));
    }
  }

  // 4. The index, then fresh rule instances for this run.
  std::optional<Index> index_storage;
  const Index& index = index_storage.emplace(resources);
  std::vector<RuleSlot> slots;
  slots.reserve(enabled.size());
  for (const auto* entry : enabled) {
    RuleSlot slot;
    slot.rule = entry->factory();
    slot.scope = slot.rule->scope();
    slot.info = &slot.rule->info();
    slot.severity = slot.info->severity;
    Value options;
    if (auto it = config.rules.find(slot.info->id); it != config.rules.end()) {
      options = it->second.options;
      if (it->second.severity) {
        slot.severity = *it->second.severity;
        slot.severity_configured = true;
      }
    }
    stop_if_cancelled();
    slot.rule->configure(Options(slot.info, options));
    slot.rule->prepare(index, settings);
    slots.push_back(std::move(slot));
  }
  report.summary.rules_run = static_cast<std::uint32_t>(slots.size());
  for (const auto& s : slots) report.rules.push_back(*s.info);

  // Dispatch tables: rules by kind, rules for every workload, rules for everything.
  std::unordered_map<std::string_view, std::vector<const RuleSlot*>> by_kind;
  std::vector<const RuleSlot*> for_workloads;
  std::vector<const RuleSlot*> for_all;
  for (const auto& s : slots) {
    const Scope& scope = s.scope;
    if (scope.all_objects()) {
      for_all.push_back(&s);
    } else {
      if (scope.all_workloads()) for_workloads.push_back(&s);
      for (const auto& k : scope.kind_list()) by_kind[k].push_back(&s);
    }
  }

  // 5. Check every object, in parallel blocks.
  struct WorkerOutput {
    std::vector<PendingFinding> findings;
    std::vector<InputError> failures;
  };
  const unsigned workers = std::max(1U, jobs);
  std::vector<WorkerOutput> outputs(workers);
  constexpr std::size_t kBlock = 128;
  const std::size_t blocks = (resources.size() + kBlock - 1) / kBlock;
  auto guarded = [&](WorkerOutput& out, const RuleSlot* slot, const Resource* r, auto&& call) {
    try {
      call();
    } catch (const std::exception& e) {
      out.failures.push_back({r ? r->source().file() : std::string{},
                              r ? fmt::format("rule {} failed on {}: {}", slot->info->id, r->display(), e.what())
                                : fmt::format("rule {} failed: {}", slot->info->id, e.what())});
    }
  };
  parallel_for(blocks, workers, [&](std::size_t block, unsigned worker) {
    WorkerOutput& out = outputs[worker];
    Context ctx(&index, &settings);
    ctx.out_ = &out.findings;
    const std::size_t end = std::min(resources.size(), (block + 1) * kBlock);
    for (std::size_t i = block * kBlock; i < end; ++i) {
      if (cancelled()) return;
      const Resource& r = resources[i];
      auto run_rule = [&](const RuleSlot* slot) {
        ctx.slot_ = slot;
        guarded(out, slot, &r, [&] { slot->rule->check(r, ctx); });
      };
      for (const RuleSlot* slot : for_all) run_rule(slot);
      if (r.is_workload()) {
        for (const RuleSlot* slot : for_workloads) run_rule(slot);
      }
      if (auto it = by_kind.find(r.kind()); it != by_kind.end()) {
        for (const RuleSlot* slot : it->second) {
          // A rule that covers workloads and names a workload kind runs once.
          if (r.is_workload() && std::find(for_workloads.begin(), for_workloads.end(), slot) != for_workloads.end()) {
            continue;
          }
          run_rule(slot);
        }
      }
    }
  });
  {
    WorkerOutput& out = outputs[0];
    Context ctx(&index, &settings);
    ctx.out_ = &out.findings;
    stop_if_cancelled();
    for (const auto& s : slots) {
      ctx.slot_ = &s;
      guarded(out, &s, nullptr, [&] { s.rule->finish(ctx); });
    }
  }
  stop_if_cancelled();
  // The rules are done with the index. Return its pages: the arrays built below (pointers to
  // the findings, the owners' buffer) are big enough that malloc maps them afresh rather than
  // reusing freed blocks, so without this they would come on top (10 MB at the peak of a
  // check of 100k objects).
  index_storage.reset();
#ifdef __GLIBC__
  malloc_trim(0);
#endif

  // 6. Input problems become findings of the input rules.
  for (auto& o : outputs) report.errors.insert(report.errors.end(), o.failures.begin(), o.failures.end());
  std::vector<PendingFinding> problem_findings;
  auto input_slot = [&](std::string_view id) -> const RuleSlot* {
    for (const auto& s : slots) {
      if (s.info->id == id) return &s;
    }
    return nullptr;
  };
  const RuleSlot* syntax_slot = input_slot("yaml-syntax");
  const RuleSlot* invalid_slot = input_slot("manifest-invalid");
  for (std::size_t ti = 0; ti < tasks.size(); ++ti) {
    LoadTask& t = tasks[ti];
    for (std::size_t p = 0; p < t.problems.size(); ++p) {
      Problem& problem = t.problems[p];
      const RuleSlot* slot = problem.rule == "yaml-syntax" ? syntax_slot : invalid_slot;
      if (!slot) continue;
      PendingFinding f;
      f.slot = slot;
      f.source = problem.source.get();
      f.file_index = t.file_index;
      f.offset = problem.offset;
      f.document = problem.document;
      f.severity = slot->severity;
      f.message = std::move(problem.message);
      f.path = std::move(problem.path);
      if (t.problem_resource[p] != kNoResource) {
        const Resource& r = resources[task_base[ti] + t.problem_resource[p]];
        f.resource = &r;
        f.suppressed = r.ignores(slot->info->id);
      }
      problem_findings.push_back(std::move(f));
    }
  }

  // The findings stay where the workers left them; `order` points at them, so that sorting
  // moves pointers and nothing is held twice.
  std::size_t count = problem_findings.size();
  for (const auto& o : outputs) count += o.findings.size();
  std::vector<PendingFinding*> order;
  order.reserve(count);
  for (auto& o : outputs) {
    for (auto& f : o.findings) order.push_back(&f);
  }
  for (auto& f : problem_findings) order.push_back(&f);

  // Exemptions from the configuration.
  if (!config.exemptions.empty()) {
    for (PendingFinding* p : order) {
      PendingFinding& f = *p;
      if (f.suppressed || !f.resource) continue;
      for (const auto& ex : config.exemptions) {
        if (ex.covers_rule(f.slot->info->id) && ex.matches_object(*f.resource)) {
          f.suppressed = true;
          break;
        }
      }
    }
  }

  // 7. Stable order: file, position, rule, message.
  std::sort(order.begin(), order.end(), [](const PendingFinding* pa, const PendingFinding* pb) {
    const PendingFinding& a = *pa;
    const PendingFinding& b = *pb;
    if (a.file_index != b.file_index) return a.file_index < b.file_index;
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.slot->info->id != b.slot->info->id) return a.slot->info->id < b.slot->info->id;
    if (a.message != b.message) return a.message < b.message;
    return a.path < b.path;
  });
  // 8. Resolve what the findings need from the texts and trees (positions, object references,
  // Helm sources, file names), then release those: on a big run they are most of the memory,
  // and the Report built below would otherwise come on top of them.
  Owners owners;
  {
    std::vector<std::uint32_t> owner_of(resources.size(), kNoResource);
    LineCursor cursor;
    for (PendingFinding* p : order) {
      PendingFinding& f = *p;
      const Position pos = cursor.position(*f.source, f.offset);
      f.line = pos.line;
      f.column = pos.column;
      if (!f.resource) continue;
      std::uint32_t& owner = owner_of[static_cast<std::size_t>(f.resource - resources.data())];
      if (owner == kNoResource) owner = owners.add(*f.resource);
      f.owner = owner;
    }
  }
  std::vector<std::string> file_names(file_index);
  for (const LoadTask& t : tasks) file_names[t.file_index] = t.source->name();
  for (PendingFinding* p : order) {
    p->resource = nullptr;
    p->source = nullptr;
  }
  std::vector<Resource>().swap(resources);
  std::vector<LoadTask>().swap(tasks);
  std::vector<Source>().swap(sources);
#ifdef __GLIBC__
  malloc_trim(0);
#endif

  std::size_t suppressed = 0;
  for (const PendingFinding* p : order) suppressed += p->suppressed ? 1U : 0U;
  report.findings.reserve(order.size() - suppressed);
  report.suppressed.reserve(suppressed);
  for (PendingFinding* p : order) {
    PendingFinding& f = *p;
    Finding out;
    out.rule = f.slot->info->id;
    out.severity = f.severity;
    out.message = std::move(f.message);
    out.file = file_names[f.file_index];
    out.line = f.line;
    out.column = f.column;
    out.document = f.document;
    out.path = std::move(f.path);
    if (f.owner != kNoResource) {  // problems before any object have none
      out.object = owners.ref(f.owner);
      out.helm_source = owners.helm_source(f.owner);
    }
    out.fix = std::move(f.fix);
    if (f.suppressed) {
      report.suppressed.push_back(std::move(out));
    } else {
      ++report.summary.by_severity[static_cast<std::size_t>(out.severity)];
      report.findings.push_back(std::move(out));
    }
  }
  report.summary.suppressed = static_cast<std::uint32_t>(report.suppressed.size());
  return report;
}

bool Report::has_findings_at_least(Severity threshold) const noexcept {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity >= threshold; });
}

}  // namespace shipshape
