// shipshape_bench: throughput, scaling and peak memory of loading and checking manifests.
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>
#ifdef SHIPSHAPE_HAVE_LIBFYAML
#include <libfyaml.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <istream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "generator.hpp"
// Internal headers: the benchmark times the parser and the Resource builder on their own.
#include "parse.hpp"
#include "peers.hpp"
#include "resource_builder.hpp"
#include "shipshape/engine.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/resource.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace shipshape;

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// ---------------------------------------------------------------------------------------------
// Command line

struct BenchOptions {
  std::string corpus = SHIPSHAPE_DEFAULT_CORPUS;
  bool use_corpus = true;
  std::vector<std::uint64_t> sizes{100'000};
  std::vector<std::uint64_t> linearity;  // extra sizes for the linearity table (check only)
  int reps = 5;
  int reps_large = 3;  // for inputs of 1,000,000 objects and more
  std::vector<unsigned> jobs{1, 2};
  std::vector<Parser> parsers;  // default: every parser of the build, the default first
  bool memory = true;
  bool many_files = true;
  std::string json;  // file, or "-" for standard output
  std::string data_dir;
  bool keep_data = false;
  bool generate_only = false;
  std::uint64_t seed = 20240901;
};

[[noreturn]] void usage(int code) {
  std::cout <<
      R"(usage: shipshape_bench [OPTIONS] [CORPUS]

Measures, for the corpus (default: ../shared/corpus next to the repository) and for generated
inputs, the throughput of raw event parsing (yaml-cpp and libfyaml), of the loader (parse +
Resources), of the engine without rules (loader + Index), and of the full check with the
default rule set, with 1 and 2 threads and each YAML parser; and the peak RSS of a fresh
process per configuration. `shipshape_bench --compare` times the peers instead (see
docs/benchmarks.md).

  --objects N[,N...]     generated input sizes in objects (default 100000; 0 for none)
  --linearity N[,N...]   extra sizes for the linearity table (e.g. 10000,1000000)
  --reps R               repetitions per measurement (default 5)
  --reps-large R         repetitions for inputs of 1,000,000 objects or more (default 3)
  --jobs J[,J...]        thread counts (default 1,2)
  --parsers P[,P...]     YAML parsers: libfyaml, yaml-cpp (default: both when built)
  --no-corpus            skip the corpus
  --no-memory            skip the peak-memory measurements
  --no-many-files        generated inputs as one file only (not also one file per app)
  --data-dir DIR         where generated files go (default: a temporary directory)
  --keep-data            keep the generated files
  --seed S               generator seed (default 20240901)
  --json FILE            also write the results as JSON (- for standard output)
  --generate-only        write the generated inputs to --data-dir (required) and stop
)";
  std::exit(code);
}

std::vector<std::uint64_t> parse_list(const std::string& s) {
  std::vector<std::uint64_t> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(std::stoull(item));
  }
  return out;
}

BenchOptions parse_options(int argc, char** argv) {
  BenchOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(2);
      return argv[++i];
    };
    if (a == "--help" || a == "-h") usage(0);
    if (a == "--objects") {
      o.sizes = parse_list(value());
      o.sizes.erase(std::remove(o.sizes.begin(), o.sizes.end(), 0U), o.sizes.end());
    } else if (a == "--linearity") {
      o.linearity = parse_list(value());
    } else if (a == "--reps") {
      o.reps = std::max(1, std::stoi(value()));
    } else if (a == "--reps-large") {
      o.reps_large = std::max(1, std::stoi(value()));
    } else if (a == "--jobs") {
      o.jobs.clear();
      for (auto j : parse_list(value())) o.jobs.push_back(static_cast<unsigned>(std::max<std::uint64_t>(j, 1)));
    } else if (a == "--parsers") {
      o.parsers.clear();
      std::stringstream in(value());
      std::string name;
      while (std::getline(in, name, ',')) {
        const auto p = parser_from_name(name);
        if (!p || *p == Parser::automatic || !parser_available(*p)) {
          std::cerr << "unknown or unavailable parser " << name << "\n";
          usage(2);
        }
        o.parsers.push_back(*p);
      }
    } else if (a == "--no-corpus") {
      o.use_corpus = false;
    } else if (a == "--no-memory") {
      o.memory = false;
    } else if (a == "--no-many-files") {
      o.many_files = false;
    } else if (a == "--data-dir") {
      o.data_dir = value();
    } else if (a == "--generate-only") {
      o.generate_only = true;
    } else if (a == "--keep-data") {
      o.keep_data = true;
    } else if (a == "--seed") {
      o.seed = std::stoull(value());
    } else if (a == "--json") {
      o.json = value();
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "unknown option " << a << "\n";
      usage(2);
    } else {
      o.corpus = a;
    }
  }
  if (o.parsers.empty()) {
    for (const Parser p : {Parser::libfyaml, Parser::yaml_cpp}) {
      if (parser_available(p)) o.parsers.push_back(p);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// A set of inputs, held in memory for the timed runs and on disk for the memory runs.
struct InputSet {
  std::string label;
  std::string path;  // a file or directory, given to the engine as the CLI would
  std::vector<TextInput> texts;
  std::uint64_t bytes = 0;
  std::uint64_t objects = 0;
  std::uint64_t files = 0;
};

InputSet load_set(std::string label, const std::string& path) {
  InputSet set;
  set.label = std::move(label);
  set.path = path;
  const InputFiles inputs = collect_inputs({path});
  for (const auto& e : inputs.errors) std::cerr << "warning: " << e.path << ": " << e.message << "\n";
  for (const auto& f : inputs.files) {
    std::string text = read_input(f, 2'000'000'000ULL);
    set.bytes += text.size();
    set.texts.push_back({f, std::move(text), format_for(f)});
  }
  set.files = set.texts.size();
  return set;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

/// Writes `objects` generated objects as one file, and (optionally) as one file per app.
std::vector<InputSet> generated_sets(const fs::path& dir, std::uint64_t objects, std::uint64_t seed, bool many_files) {
  const auto apps = bench::generate_apps(objects, seed);
  const std::string tag = objects % 1000 == 0 ? fmt::format("{}k", objects / 1000) : std::to_string(objects);
  std::vector<InputSet> sets;
  {
    const fs::path file = dir / fmt::format("generated-{}.yaml", objects);
    std::string all;
    std::size_t total = 0;
    for (const auto& a : apps) total += a.yaml.size();
    all.reserve(total);
    for (const auto& a : apps) all += a.yaml;
    write_file(file, all);
    InputSet set = load_set(fmt::format("gen {} (1 file)", tag), file.string());
    set.objects = objects;
    sets.push_back(std::move(set));
  }
  if (many_files) {
    const fs::path sub = dir / fmt::format("generated-{}", objects);
    fs::create_directories(sub);
    for (const auto& a : apps) write_file(sub / fmt::format("{}.{}.yaml", a.ns, a.name), a.yaml);
    InputSet set = load_set(fmt::format("gen {} ({} files)", tag, apps.size()), sub.string());
    set.objects = objects;
    sets.push_back(std::move(set));
  }
  return sets;
}

// ---------------------------------------------------------------------------------------------
// Stages

enum class Stage { raw, loader, engine_no_rules, check };

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::raw:
      return "parser events";
    case Stage::loader:
      return "load (parse+build)";
    case Stage::engine_no_rules:
      return "engine, no rules";
    case Stage::check:
      return "check, default rules";
  }
  return "?";
}

const char* stage_key(Stage s) {
  switch (s) {
    case Stage::raw:
      return "events";
    case Stage::loader:
      return "load";
    case Stage::engine_no_rules:
      return "engine_no_rules";
    case Stage::check:
      return "check";
  }
  return "?";
}

/// A handler that ignores every event: the floor of what yaml-cpp costs.
class NullHandler final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override { ++events; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { ++events; }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnMapEnd() override {}
  std::uint64_t events = 0;
};

class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* begin, const char* end) {
    char* b = const_cast<char*>(begin);  // NOLINT: never written
    setg(b, b, const_cast<char*>(end));  // NOLINT
  }
};

#ifdef SHIPSHAPE_HAVE_LIBFYAML
/// libfyaml's events, each freed at once: the floor of what the libfyaml front end pays.
std::uint64_t raw_parse_libfyaml(const std::vector<TextInput>& texts) {
  std::uint64_t events = 0;
  fy_diag_cfg diag_cfg{};  // no output: a syntax error just ends the file, as for yaml-cpp
  diag_cfg.level = FYET_ERROR;
  fy_diag* diag = fy_diag_create(&diag_cfg);
  for (const auto& t : texts) {
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_JSON_NONE | FYPCF_SLOPPY_FLOW_INDENTATION);
    cfg.diag = diag;
    fy_parser* parser = fy_parser_create(&cfg);
    if (!parser) throw std::bad_alloc();
    if (fy_parser_set_string(parser, t.text.data(), t.text.size()) == 0) {
      while (fy_event* e = fy_parser_parse(parser)) {
        ++events;
        fy_parser_event_free(parser, e);
      }
    }
    fy_parser_destroy(parser);
  }
  fy_diag_destroy(diag);
  return events;
}
#endif

std::uint64_t raw_parse(const std::vector<TextInput>& texts, Parser parser) {
#ifdef SHIPSHAPE_HAVE_LIBFYAML
  if (parser == Parser::libfyaml) return raw_parse_libfyaml(texts);
#endif
  (void)parser;
  NullHandler handler;
  for (const auto& t : texts) {
    MemoryBuffer buffer(t.text.data(), t.text.data() + t.text.size());
    std::istream in(&buffer);
    try {
      YAML::Parser yaml(in);
      while (yaml.HandleNextDocument(handler)) {
      }
    } catch (const YAML::Exception&) {
      // A syntax error ends this file, as it would for a plain parser user.
    }
  }
  return handler.events;
}

std::uint64_t load_only(const std::vector<TextInput>& texts, Parser parser) {
  const ResourceBuilder builder("default", builtin_workload_kinds());
  std::vector<Resource> resources;
  std::vector<Problem> problems;
  ResourceBuilder::Counts counts;
  std::uint32_t file_index = 0;
  for (const auto& t : texts) {
    auto source = std::make_shared<const SourceText>(t.name, t.text);
    const ParseResult parsed = parse(source, t.format, {}, parser);
    for (const Document& doc : parsed.documents) builder.add(doc, file_index, resources, problems, counts);
    ++file_index;
  }
  return resources.size();
}

Engine make_engine(Stage stage, unsigned jobs, Parser parser) {
  Config config;
  config.max_input_bytes = kMaxInputBytesCeiling;  // the 1M-object file (1.6 GB) is over the default
  config.parser = parser;
  Engine engine = stage == Stage::check ? Engine(config) : Engine(config, Registry{});
  engine.set_jobs(jobs);
  return engine;
}

struct Counts {
  std::uint64_t objects = 0;
  std::uint64_t findings = 0;
};

struct Sample {
  double wall = 0;
  double cpu = 0;  // CPU time of the process (all threads) over the same interval
};

/// Runs one stage once. Copies of the texts are made before the clocks start (the engine
/// takes its inputs by value).
Sample run_once(Stage stage, unsigned jobs, Parser parser, const InputSet& set, Counts& counts) {
  std::vector<TextInput> copy;
  std::optional<Engine> engine;
  if (stage == Stage::engine_no_rules || stage == Stage::check) {
    engine.emplace(make_engine(stage, jobs, parser));
    copy = set.texts;
  }
  const double c0 = cpu_seconds();
  const auto t0 = Clock::now();
  switch (stage) {
    case Stage::raw:
      counts.objects = raw_parse(set.texts, parser);
      break;
    // The loader copies each text into its SourceText, a memcpy, small beside parsing.
    case Stage::loader:
      counts.objects = load_only(set.texts, parser);
      break;
    case Stage::engine_no_rules:
    case Stage::check: {
      const Report report = engine->check_texts(std::move(copy));
      counts.objects = report.summary.objects;
      counts.findings = report.findings.size() + report.suppressed.size();
      break;
    }
  }
  return {std::chrono::duration<double>(Clock::now() - t0).count(), cpu_seconds() - c0};
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Timing {
  std::string input;
  Parser parser = Parser::yaml_cpp;
  Stage stage = Stage::check;
  unsigned jobs = 1;
  std::vector<double> seconds;
  double median = 0;
  double min = 0;
  double cpu_median = 0;  // CPU seconds of the process, all threads
  std::uint64_t bytes = 0;
  std::uint64_t objects = 0;
  std::uint64_t counted = 0;  // what the stage counted: events, resources or objects
  std::uint64_t findings = 0;
  [[nodiscard]] double mb_per_s() const { return static_cast<double>(bytes) / 1e6 / median; }
  [[nodiscard]] double objects_per_s() const { return static_cast<double>(objects) / median; }
  /// Throughput per CPU-second: what one core does, whatever else the machine is running.
  [[nodiscard]] double mb_per_cpu_s() const { return static_cast<double>(bytes) / 1e6 / cpu_median; }
};

Timing measure(Stage stage, unsigned jobs, Parser parser, const InputSet& set, int reps) {
  Timing t;
  t.input = set.label;
  t.parser = parser;
  t.stage = stage;
  t.jobs = jobs;
  t.bytes = set.bytes;
  Counts counts;
  std::vector<double> cpu;
  for (int i = 0; i < reps; ++i) {
    const Sample sample = run_once(stage, jobs, parser, set, counts);
    t.seconds.push_back(sample.wall);
    cpu.push_back(sample.cpu);
  }
  t.median = median_of(t.seconds);
  t.min = *std::min_element(t.seconds.begin(), t.seconds.end());
  t.cpu_median = median_of(cpu);
  t.objects = set.objects;
  t.counted = counts.objects;
  t.findings = counts.findings;
  return t;
}

// ---------------------------------------------------------------------------------------------
// Peak memory, in a fresh child process per configuration

std::uint64_t status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
      return std::stoull(line.substr(n + 1));
    }
  }
  return 0;
}

/// The child: runs one stage over `path` the way the CLI does (reading the files itself) and
/// prints `base_kb peak_kb seconds objects`.
int child_main(const std::string& stage_text, unsigned jobs, Parser parser, const std::string& path) {
  const std::uint64_t base = status_kb("VmRSS");
  const auto t0 = Clock::now();
  std::uint64_t objects = 0;
  if (stage_text == "raw") {
    InputSet set = load_set("", path);
    objects = raw_parse(set.texts, parser);
  } else {
    const Stage stage = stage_text == "check" ? Stage::check : Stage::engine_no_rules;
    const Engine engine = make_engine(stage, jobs, parser);
    const Report report = engine.check_paths({path});
    objects = report.summary.objects;
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cout << base << ' ' << status_kb("VmHWM") << ' ' << s << ' ' << objects << std::endl;
  return 0;
}

struct MemoryResult {
  std::string input;
  Parser parser = Parser::yaml_cpp;
  std::string stage;
  unsigned jobs = 1;
  std::uint64_t bytes = 0;
  std::uint64_t base_kb = 0;
  std::uint64_t peak_kb = 0;
  double seconds = 0;
  [[nodiscard]] double ratio() const {
    return static_cast<double>(peak_kb > base_kb ? peak_kb - base_kb : 0) * 1024.0 / static_cast<double>(bytes);
  }
};

std::optional<MemoryResult> measure_memory(const std::string& stage, unsigned jobs, Parser parser,
                                           const InputSet& set) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  std::string jobs_text = std::to_string(jobs);
  std::vector<std::string> args{exe, "--child-memory", stage, jobs_text, std::string(parser_name(parser)), set.path};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return std::nullopt;
  }
  std::string out;
  char buf[256];
  ssize_t n = 0;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  MemoryResult m;
  m.input = set.label;
  m.parser = parser;
  m.stage = stage;
  m.jobs = jobs;
  m.bytes = set.bytes;
  std::uint64_t objects = 0;
  std::istringstream in(out);
  in >> m.base_kb >> m.peak_kb >> m.seconds >> objects;
  return m;
}

// ---------------------------------------------------------------------------------------------
// Output

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

struct Results {
  std::string load_before;
  std::vector<InputSet*> inputs;
  std::vector<Timing> timings;
  std::vector<MemoryResult> memory;
  std::vector<Timing> linearity;
};

const Timing* find_timing(const std::vector<Timing>& all, const std::string& input, Parser parser, Stage stage,
                          unsigned jobs) {
  for (const auto& t : all) {
    if (t.input == input && t.parser == parser && t.stage == stage && t.jobs == jobs) return &t;
  }
  return nullptr;
}

void print_tables(const Results& r, const BenchOptions& o) {
  fmt::print("\nshipshape_bench: {} hardware threads; load average {} at the start, {} at the end\n",
             std::thread::hardware_concurrency(), r.load_before, load_average());
  fmt::print("\nInputs\n");
  fmt::print("  {:<26} {:>7} {:>9} {:>9} {:>10}\n", "input", "files", "objects", "MB", "KB/object");
  for (const InputSet* s : r.inputs) {
    fmt::print("  {:<26} {:>7} {:>9} {:>9.1f} {:>10.2f}\n", s->label, s->files, s->objects,
               static_cast<double>(s->bytes) / 1e6,
               s->objects ? static_cast<double>(s->bytes) / 1e3 / static_cast<double>(s->objects) : 0.0);
  }
  fmt::print("\nThroughput (wall time over {} runs; median, min; MB = 10^6 bytes)\n", o.reps);
  fmt::print("  {:<26} {:<9} {:<20} {:>4} {:>8} {:>8} {:>8} {:>7} {:>9} {:>10} {:>8} {:>9} {:>8}\n", "input", "parser",
             "stage", "jobs", "median s", "min s", "cpu s", "MB/s", "MB/cpu-s", "objects/s", "vs load", "vs events",
             "vs 1 job");
  for (const Timing& t : r.timings) {
    std::string vs_load;
    std::string vs_events;
    std::string vs_one;
    if (t.stage == Stage::check || t.stage == Stage::engine_no_rules) {
      if (const Timing* base = find_timing(r.timings, t.input, t.parser, Stage::engine_no_rules, t.jobs);
          base && t.stage == Stage::check) {
        vs_load = fmt::format("{:.2f}x", t.cpu_median / base->cpu_median);
      }
      if (const Timing* events = find_timing(r.timings, t.input, t.parser, Stage::raw, 1)) {
        vs_events = fmt::format("{:.2f}x", t.cpu_median / events->cpu_median);
      }
      if (const Timing* one = find_timing(r.timings, t.input, t.parser, t.stage, 1); one && t.jobs != 1) {
        vs_one = fmt::format("{:.2f}x", one->median / t.median);
      }
    }
    fmt::print("  {:<26} {:<9} {:<20} {:>4} {:>8.3f} {:>8.3f} {:>8.3f} {:>7.2f} {:>9.2f} {:>10.0f} {:>8} {:>9} {:>8}\n",
               t.input, parser_name(t.parser), stage_name(t.stage), t.jobs, t.median, t.min, t.cpu_median, t.mb_per_s(),
               t.mb_per_cpu_s(), t.objects_per_s(), vs_load, vs_events, vs_one);
  }
  fmt::print(
      "  (MB/s and objects/s from the median wall time; cpu s: median CPU time of all threads;\n"
      "   MB/cpu-s: input MB per CPU-second, the per-core rate even on a busy machine;\n"
      "   vs load: check CPU / engine-without-rules CPU, same parser and threads;\n"
      "   vs events: CPU over the parser's bare events (one thread), same parser;\n"
      "   vs 1 job: wall-time speed-up over one thread)\n");
  if (!r.memory.empty()) {
    fmt::print(
        "\nPeak memory (VmHWM of a fresh process that walks and reads the files itself, as the CLI\n"
        "does; MB = 10^6 bytes; ratio = (peak - RSS at start) / input bytes; wall s: that one run)\n");
    fmt::print("  {:<26} {:<9} {:<21} {:>4} {:>9} {:>9} {:>9} {:>7} {:>8}\n", "input", "parser", "stage", "jobs",
               "input MB", "start MB", "peak MB", "ratio", "wall s");
    for (const auto& m : r.memory) {
      fmt::print("  {:<26} {:<9} {:<21} {:>4} {:>9.1f} {:>9.1f} {:>9.1f} {:>6.2f}x {:>8.2f}\n", m.input,
                 parser_name(m.parser), m.stage, m.jobs, static_cast<double>(m.bytes) / 1e6,
                 static_cast<double>(m.base_kb) * 1024.0 / 1e6, static_cast<double>(m.peak_kb) * 1024.0 / 1e6,
                 m.ratio(), m.seconds);
    }
  }
  if (!r.linearity.empty()) {
    fmt::print("\nLinearity (check, default rules, one file; time per object should stay flat)\n");
    fmt::print("  {:<9} {:>9} {:>4} {:>9} {:>8} {:>8} {:>10} {:>12} {:>12}\n", "parser", "objects", "jobs", "median s",
               "cpu s", "MB/s", "objects/s", "us/object", "cpu us/obj");
    for (const auto& t : r.linearity) {
      fmt::print("  {:<9} {:>9} {:>4} {:>9.3f} {:>8.3f} {:>8.2f} {:>10.0f} {:>12.2f} {:>12.2f}\n",
                 parser_name(t.parser), t.objects, t.jobs, t.median, t.cpu_median, t.mb_per_s(), t.objects_per_s(),
                 t.median * 1e6 / static_cast<double>(t.objects), t.cpu_median * 1e6 / static_cast<double>(t.objects));
    }
  }
}

void write_timing_json(std::ostream& out, const Timing& t) {
  out << fmt::format(
      R"({{"input": {}, "parser": "{}", "stage": "{}", "jobs": {}, "bytes": {}, "objects": {}, "findings": {}, )"
      R"("median_s": {:.6f}, "min_s": {:.6f}, "cpu_median_s": {:.6f}, "mb_per_s": {:.3f}, "mb_per_cpu_s": {:.3f}, )"
      R"("objects_per_s": {:.1f}, "runs_s": [)",
      json_string(t.input), parser_name(t.parser), stage_key(t.stage), t.jobs, t.bytes, t.objects, t.findings, t.median,
      t.min, t.cpu_median, t.mb_per_s(), t.mb_per_cpu_s(), t.objects_per_s());
  for (std::size_t i = 0; i < t.seconds.size(); ++i) out << (i ? ", " : "") << fmt::format("{:.6f}", t.seconds[i]);
  out << "]}";
}

void write_json(std::ostream& out, const Results& r, const BenchOptions& o) {
  out << "{\n  \"reps\": " << o.reps << ",\n  \"hardware_threads\": " << std::thread::hardware_concurrency()
      << ",\n  \"load_average_start\": " << json_string(r.load_before)
      << ",\n  \"load_average_end\": " << json_string(load_average()) << ",\n  \"inputs\": [";
  for (std::size_t i = 0; i < r.inputs.size(); ++i) {
    const InputSet& s = *r.inputs[i];
    out << (i ? ",\n    " : "\n    ")
        << fmt::format(R"({{"input": {}, "files": {}, "objects": {}, "bytes": {}}})", json_string(s.label), s.files,
                       s.objects, s.bytes);
  }
  out << "\n  ],\n  \"timings\": [";
  for (std::size_t i = 0; i < r.timings.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    write_timing_json(out, r.timings[i]);
  }
  out << "\n  ],\n  \"ratios\": [";
  bool first = true;
  for (const Timing& t : r.timings) {
    if (t.stage != Stage::check) continue;
    const Timing* base = find_timing(r.timings, t.input, t.parser, Stage::engine_no_rules, t.jobs);
    const Timing* events = find_timing(r.timings, t.input, t.parser, Stage::raw, 1);
    if (!base || !events) continue;
    out << (first ? "\n    " : ",\n    ")
        << fmt::format(R"({{"input": {}, "parser": "{}", "jobs": {}, "check_over_load": {:.4f}, )"
                       R"("check_over_load_cpu": {:.4f}, "check_over_events_cpu": {:.4f}}})",
                       json_string(t.input), parser_name(t.parser), t.jobs, t.median / base->median,
                       t.cpu_median / base->cpu_median, t.cpu_median / events->cpu_median);
    first = false;
  }
  out << "\n  ],\n  \"memory\": [";
  for (std::size_t i = 0; i < r.memory.size(); ++i) {
    const auto& m = r.memory[i];
    out << (i ? ",\n    " : "\n    ")
        << fmt::format(R"({{"input": {}, "parser": "{}", "stage": "{}", "jobs": {}, "bytes": {}, "start_kb": {}, )"
                       R"("peak_kb": {}, "ratio": {:.4f}, "seconds": {:.3f}}})",
                       json_string(m.input), parser_name(m.parser), m.stage, m.jobs, m.bytes, m.base_kb, m.peak_kb,
                       m.ratio(), m.seconds);
  }
  out << "\n  ],\n  \"linearity\": [";
  for (std::size_t i = 0; i < r.linearity.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    write_timing_json(out, r.linearity[i]);
  }
  out << "\n  ]\n}\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 6 && std::string(argv[1]) == "--child-memory") {
    return child_main(argv[2], static_cast<unsigned>(std::stoul(argv[3])), parser_from_name(argv[4]).value(), argv[5]);
  }
  if (argc >= 2 && std::string(argv[1]) == "--compare") return bench::compare_peers(argc - 1, argv + 1);
  const BenchOptions o = parse_options(argc, argv);
  try {
    fs::path data_dir = o.data_dir.empty() ? fs::temp_directory_path() / fmt::format("shipshape-bench-{}", getpid())
                                           : fs::path(o.data_dir);
    fs::create_directories(data_dir);
    const bool remove_data = o.data_dir.empty() && !o.keep_data;

    if (o.generate_only) {
      if (o.data_dir.empty()) usage(2);
      for (const std::uint64_t n : o.sizes) {
        for (const auto& s : generated_sets(data_dir, n, o.seed, o.many_files)) {
          fmt::print("{}: {} ({} files, {} bytes)\n", s.label, s.path, s.files, s.bytes);
        }
      }
      return 0;
    }
    std::vector<std::unique_ptr<InputSet>> sets;
    if (o.use_corpus) {
      if (!fs::exists(o.corpus)) {
        std::cerr << "corpus " << o.corpus << " not found (pass its path, or --no-corpus)\n";
        return 2;
      }
      auto set = std::make_unique<InputSet>(load_set("corpus", o.corpus));
      sets.push_back(std::move(set));
    }
    for (const std::uint64_t n : o.sizes) {
      for (auto& s : generated_sets(data_dir, n, o.seed, o.many_files))
        sets.push_back(std::make_unique<InputSet>(std::move(s)));
    }

    Results results;
    results.load_before = load_average();
    for (auto& set : sets) {
      const int reps = set->objects >= 1'000'000 ? o.reps_large : o.reps;
      std::cerr << "measuring " << set->label << " (" << set->bytes / 1000000 << " MB)\n";
      std::vector<Timing> mine;
      for (const Parser p : o.parsers) {
        mine.push_back(measure(Stage::raw, 1, p, *set, reps));
        mine.push_back(measure(Stage::loader, 1, p, *set, reps));
        for (unsigned j : o.jobs) mine.push_back(measure(Stage::engine_no_rules, j, p, *set, reps));
        for (unsigned j : o.jobs) mine.push_back(measure(Stage::check, j, p, *set, reps));
      }
      // The corpus's object count is what the engine found.
      if (set->objects == 0) set->objects = mine.back().counted;
      for (auto& t : mine) {
        t.objects = set->objects;
        if (t.stage == Stage::check && set->files == 1 && set->label.rfind("gen", 0) == 0)
          results.linearity.push_back(t);
        results.timings.push_back(std::move(t));
      }
      if (o.memory) {
        for (const char* stage : {"load", "check"}) {
          for (unsigned j : o.jobs) {
            for (const Parser p : o.parsers) {
              if (auto m = measure_memory(stage, j, p, *set)) results.memory.push_back(*m);
            }
          }
        }
      }
      results.inputs.push_back(set.get());
      set->texts.shrink_to_fit();
    }

    for (const std::uint64_t n : o.linearity) {
      std::cerr << "linearity: " << n << " objects\n";
      auto gen = generated_sets(data_dir, n, o.seed, false);
      InputSet& set = gen.front();
      set.label = fmt::format("gen {} (1 file)", n % 1000 == 0 ? fmt::format("{}k", n / 1000) : std::to_string(n));
      const int reps = n >= 1'000'000 ? o.reps_large : o.reps;
      for (unsigned j : o.jobs) {
        Timing t = measure(Stage::check, j, o.parsers.front(), set, reps);
        t.objects = n;
        results.linearity.push_back(std::move(t));
      }
      if (o.memory) {
        if (auto m = measure_memory("check", o.jobs.back(), o.parsers.front(), set)) results.memory.push_back(*m);
      }
      if (remove_data) fs::remove(set.path);
    }
    std::stable_sort(results.linearity.begin(), results.linearity.end(),
                     [](const Timing& a, const Timing& b) { return a.objects < b.objects; });

    print_tables(results, o);
    if (!o.json.empty()) {
      if (o.json == "-") {
        write_json(std::cout, results, o);
      } else {
        std::ofstream out(o.json);
        write_json(out, results, o);
      }
    }
    if (remove_data) fs::remove_all(data_dir);
  } catch (const std::exception& e) {
    std::cerr << "shipshape_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
