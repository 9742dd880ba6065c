// The engine: a run from inputs to a sorted Report, as a sequence of named stages.
#include "shipshape/engine.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "applications.hpp"
#include "k8s_api/validator.hpp"
#include "load.hpp"
#include "parallel.hpp"
#include "resource_builder.hpp"
#include "rules/input.hpp"
#include "run.hpp"

namespace shipshape {

struct Engine::Impl {
  Impl(Config c, Registry r);

  Config config;
  Registry registry;
  RunSettings settings;
  std::vector<const Registry::Entry*> enabled;  // sorted by id
  ResourceBuilder builder;

  Report run(const std::vector<std::string>& paths, std::vector<TextInput> texts, const ReplacedFiles& replaced,
             unsigned jobs, bool collect_objects, const CancelFlag& cancel) const;

 private:
  // Configuration, checked once when the engine is made.
  [[nodiscard]] bool enabled_by_config(const RuleInfo& info) const;
  void validate();

  // Stages of a run that are the engine's own (in the order run() calls them).
  static void resolve_custom_resources(std::vector<Resource>& resources);
  [[nodiscard]] std::vector<RuleSlot> configure_rules(const Index& index, const CancelFlag& cancel) const;
  [[nodiscard]] static std::vector<PendingFinding> input_findings(Loaded& input, const std::vector<RuleSlot>& slots);
  void apply_exemptions(const std::vector<PendingFinding*>& findings) const;
};

namespace {

std::vector<WorkloadKind> workload_kinds(const Config& config) {
  std::vector<WorkloadKind> kinds = builtin_workload_kinds();
  kinds.insert(kinds.end(), config.custom_workloads.begin(), config.custom_workloads.end());
  return kinds;
}

void release_freed_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace

Engine::Impl::Impl(Config c, Registry r)
    : config(std::move(c)), registry(std::move(r)), builder(config.default_namespace, workload_kinds(config)) {
  settings.default_namespace = config.default_namespace;
  settings.kubernetes_version = config.kubernetes_version;
  validate();
}

Engine::Engine(Config config, Registry registry)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(registry))) {}

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
  return check(paths, std::move(texts), ReplacedFiles{});
}

Report Engine::check(const std::vector<std::string>& paths, std::vector<TextInput> texts,
                     const ReplacedFiles& replaced) const {
  return impl_->run(paths, std::move(texts), replaced, effective_jobs(jobs_), collect_objects_, CancelFlag(cancel_));
}

bool Report::has_findings_at_least(Severity threshold) const noexcept {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity >= threshold; });
}

// --- the run ------------------------------------------------------------------------------

Report Engine::Impl::run(const std::vector<std::string>& paths, std::vector<TextInput> texts,
                         const ReplacedFiles& replaced, unsigned jobs, bool collect_objects,
                         const CancelFlag& cancel) const {
  // 1. Read sources; 2. load them: parse, build Resources, place input problems. A raised
  // cancellation flag makes the workers skip what is left; the run then stops between stages.
  const std::size_t text_count = texts.size();
  Sources sources = read_sources(paths, std::move(texts), replaced, config.max_input_bytes, jobs, cancel);
  cancel.throw_if_raised();
  Loaded input = load(sources.files, builder, jobs, config.parser, cancel);
  cancel.throw_if_raised();
  // 2b. Applications: cross-resource look-ups stay within one (docs/applications.md).
  if (config.application_scope == ApplicationScope::directory) {
    const RootRules rules{config.application_markers, config.application_roots, config.application_roots_base};
    assign_applications(paths, sources.files, sources.files.size() - text_count, rules, input.resources);
  }
  Report report;
  report.errors = std::move(sources.errors);
  report.summary.files = static_cast<std::uint32_t>(sources.files.size());
  for (const Source& s : sources.files) report.summary.bytes += s.text->text().size();
  report.summary.documents = input.documents;
  report.summary.skipped_documents = input.skipped_documents;
  report.summary.objects = static_cast<std::uint32_t>(input.resources.size());

  // 3. Custom resources: kinds that a CustomResourceDefinition of the run declares cluster-scoped.
  resolve_custom_resources(input.resources);
  report.summary.controlled = ResourceBuilder::mark_controlled(input.resources);
  // Only on request (the Python DataFrames join findings with labels): a summary per object
  // is a sizeable share of a big run's memory.
  if (collect_objects) report.objects = summarize_objects(input.resources);

  // 4. Configure fresh rule instances for this run; 5. the schemas of the run (when a schema
  // rule is on); 6. check every object.
  std::vector<RuleSlot> slots;
  std::vector<CheckOutput> checked;
  {
    const Index index(input.resources);
    slots = configure_rules(index, cancel);
    const std::unique_ptr<k8s::RunSchemas> schemas = build_schemas(index, slots, config, settings, report);
    checked = check_objects(input.resources, index, slots, settings, schemas.get(), jobs, cancel);
  }
  cancel.throw_if_raised();
  // The rules are done with the index. Return its pages: the arrays built below (pointers to
  // the findings, the owners' buffer) are big enough that malloc maps them afresh rather than
  // reusing freed blocks, so without this they would come on top (10 MB at the peak of a
  // check of 100k objects).
  release_freed_memory();
  report.summary.rules_run = static_cast<std::uint32_t>(slots.size());
  for (const auto& s : slots) report.rules.push_back(*s.info);
  for (auto& o : checked) report.errors.insert(report.errors.end(), o.failures.begin(), o.failures.end());

  // 7. Input problems become findings of the input rules.
  std::vector<PendingFinding> problem_findings = input_findings(input, slots);

  // The findings stay where the workers left them; `findings` points at them, so that sorting
  // moves pointers and nothing is held twice.
  std::size_t count = problem_findings.size();
  for (const auto& o : checked) count += o.findings.size();
  std::vector<PendingFinding*> findings;
  findings.reserve(count);
  for (auto& o : checked) {
    for (auto& f : o.findings) findings.push_back(&f);
  }
  for (auto& f : problem_findings) findings.push_back(&f);

  // 8. Exemptions from the configuration; 9. the report.
  apply_exemptions(findings);
  fill_report(report, findings, sources, input);
  return report;
}

void Engine::Impl::resolve_custom_resources(std::vector<Resource>& resources) {
  std::unordered_set<std::string> cluster_kinds;
  for (const Resource& r : resources) {
    if (r.kind() == "CustomResourceDefinition" && r.spec()["scope"].equals("Cluster")) {
      cluster_kinds.insert(fmt::format("{}/{}", r.spec()["group"].str(), r.spec()["names"]["kind"].str()));
    }
  }
  if (cluster_kinds.empty()) return;
  for (Resource& r : resources) {
    if (r.namespaced() && cluster_kinds.count(fmt::format("{}/{}", r.group(), r.kind()))) {
      ResourceBuilder::make_cluster_scoped(r);
    }
  }
}

std::vector<RuleSlot> Engine::Impl::configure_rules(const Index& index, const CancelFlag& cancel) const {
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
    cancel.throw_if_raised();
    slot.rule->configure(Options(slot.info, options));
    slot.rule->prepare(index, settings);
    slots.push_back(std::move(slot));
  }
  return slots;
}

std::vector<PendingFinding> Engine::Impl::input_findings(Loaded& input, const std::vector<RuleSlot>& slots) {
  // The enabled rule that reports each kind of problem, if any.
  std::array<const RuleSlot*, 2> reporter{};
  for (const auto& s : slots) {
    if (const auto* rule = dynamic_cast<const rules::InputRule*>(s.rule.get())) {
      reporter.at(static_cast<std::size_t>(rule->problem_kind())) = &s;
    }
  }
  std::vector<PendingFinding> out;
  for (LoadedProblem& p : input.problems) {
    const RuleSlot* slot = reporter.at(static_cast<std::size_t>(p.problem.kind));
    if (!slot) continue;
    PendingFinding f;
    f.slot = slot;
    f.source = p.problem.source.get();
    f.file_index = p.file_index;
    f.offset = p.problem.offset;
    f.document = p.problem.document;
    f.severity = slot->severity;
    f.message = std::move(p.problem.message);
    f.path = std::move(p.problem.path);
    if (p.object != LoadedProblem::kNoObject) {
      const Resource& r = input.resources[p.object];
      f.resource = &r;
      f.suppressed = r.ignores(slot->info->id);
    }
    out.push_back(std::move(f));
  }
  return out;
}

void Engine::Impl::apply_exemptions(const std::vector<PendingFinding*>& findings) const {
  if (config.exemptions.empty()) return;
  for (PendingFinding* p : findings) {
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

// --- configuration ------------------------------------------------------------------------

bool Engine::Impl::enabled_by_config(const RuleInfo& info) const {
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

void Engine::Impl::validate() {
  if (!parser_available(config.parser)) throw ConfigError("this build of shipshape has no libfyaml front end");
  for (const auto& [id, rc] : config.rules) {
    if (!registry.find(id)) {
      throw ConfigError(fmt::format("{}: {}", config_location(config, rc.where), registry.unknown_rule_message(id)));
    }
  }
  for (const auto* list : {&config.enable, &config.disable, &config.only}) {
    for (const auto& id : *list) {
      if (!registry.find(id)) throw ConfigError(registry.unknown_rule_message(id));
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
        throw ConfigError(
            fmt::format("{}: rule {}: {}", config_location(config, at ? at : options), info.id, e.what()));
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

}  // namespace shipshape
