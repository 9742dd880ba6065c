// The `shipshape` command line: parses arguments and calls the library.
#include "cli/cli.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "cli/reports.hpp"
#include "shipshape/docs.hpp"
#include "shipshape/shipshape.hpp"

namespace shipshape::cli {
namespace {

/// The text of --help; {formats} is filled in from the report formats.
constexpr std::string_view kUsageTemplate = R"(shipshape: check Kubernetes manifests against production best practices

Usage:
  shipshape check [OPTIONS] [--] [PATH...]
                                        check files and directories (default: .; `-` is stdin;
                                        after `--` every argument is a path)
  shipshape rules [--format text|json|markdown|checklist] [--write-docs DIR]
                                        list the rules
  shipshape explain RULE-ID             show what a rule checks and how to fix it
  shipshape baseline [OPTIONS] [PATH...] [-o FILE]
                                        record the current findings, for `check --baseline`
                                        (takes the options of `check` but not -f)
  shipshape fix [--dry-run] [--rule RULE]... [OPTIONS] [--] [PATH...]
                                        apply the findings' mechanical fixes to the files,
                                        keeping comments and layout (docs/fix.md)
  shipshape --version | --help

Options of `check`:
  -f, --format FORMAT[=FILE]  {formats}; repeat for several reports
                            of one run, each to its own FILE (`-` or none: standard output)
  -o, --output FILE         write the report of the closest -f before it (else the next one,
                            else the text report) to FILE instead of standard output
      --baseline FILE       report and fail only on findings that FILE (written by
                            `shipshape baseline`) does not list, and list those fixed since
      --docs-url URL        where the rule pages (docs/rules/<id>.md) are published, for the
                            SARIF links (default: $SHIPSHAPE_DOCS_URL, else no links)
      --fail-if-no-objects  exit 2 when the inputs hold no Kubernetes object
  -c, --config FILE         configuration file (default: .shipshape.yaml found from the
                            working directory upward)
      --no-config           ignore .shipshape.yaml files
      --enable RULE         turn a rule on (repeatable; optional rules are off by default)
      --disable RULE        turn a rule off (repeatable)
      --only RULE           run only this rule (repeatable)
      --fail-on LEVEL       error (default), warning, info or never: the lowest severity
                            that makes the exit code 1
  -n, --namespace NS        namespace of objects that set none (default: default)
      --kubernetes-version V  target Kubernetes version, e.g. 1.31
      --show-suppressed     also list findings silenced by annotations or exemptions
  -q, --quiet               print findings only: no summary, nothing when all is well
  -j, --jobs N              threads to use (default: one per core)
      --max-input-size SIZE inputs larger than this (bytes, or e.g. 512Mi) are not checked
                            but reported as a yaml-syntax finding (default: 256Mi)
      --parser NAME         YAML parser: auto (default: libfyaml when built in), libfyaml
                            or yaml-cpp
      --color WHEN          auto (default), always or never; NO_COLOR turns colour off
      --application-scope SCOPE  directory (default): cross-resource rules look within one
                            application (a directory with a kustomization or Chart.yaml);
                            run: across the whole run
      --application-marker FILE  a file name that makes its directory an application
                            (repeatable; replaces kustomization.yaml and Chart.yaml)
      --application-root GLOB  directories matching GLOB (relative to the working directory,
                            e.g. 'samples/*') are applications (repeatable)

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
            2 usage, configuration or internal error, or an input that could not be read.

Options of `fix` (and those of `check` that choose the rules: -c, --no-config, --enable,
--disable, --only, -n, --kubernetes-version, -j, --max-input-size):
      --dry-run             print a unified diff of the changes instead of writing them
      --rule RULE           apply only this rule's fixes (repeatable)
      --max-rounds N        the most rounds (default 10; 1 applies only the first check's fixes)
Each round checks the files as the previous one left them and applies what its fixes brought
about (a fix can make another rule apply), until a round changes nothing.
Exit codes of `fix`: 0 every fix was applied (or none was needed; with --dry-run: nothing
            would change); 1 a fix was refused, the rounds did not end, or with --dry-run
            something would change;
            2 usage or configuration error, standard input, or an input that could not be read.
)";

constexpr std::string_view kRulesUsage =
    R"(Usage: shipshape rules [--format text|json|markdown|checklist] [--write-docs DIR]

Lists the rules: id, section, severity, whether on by default, and when each fires.
  -f, --format FORMAT   text (default), json, markdown (a table) or checklist
      --write-docs DIR  write one Markdown page per rule and an index to DIR
)";

constexpr std::string_view kExplainUsage = R"(Usage: shipshape explain [--format text|markdown] RULE-ID

Shows what a rule checks, why, how to fix it, its options and examples.
  -f, --format FORMAT   text (default) or markdown (the page under docs/rules)
)";

std::string usage() { return fmt::format(kUsageTemplate, fmt::arg("formats", format_names(true))); }

/// Pulls option values from the argument list, accepting `--opt value` and `--opt=value`.
class Args {
 public:
  explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

  [[nodiscard]] bool done() const { return i_ >= args_.size(); }
  std::string next() { return args_[i_++]; }

  /// If the current argument is one of the names, consumes it (and its value).
  bool take(std::string_view short_name, std::string_view long_name, std::string* value) {
    if (done()) return false;
    const std::string& a = args_[i_];
    if (value && !long_name.empty() && a.size() > long_name.size() && a.compare(0, long_name.size(), long_name) == 0 &&
        a[long_name.size()] == '=') {
      *value = a.substr(long_name.size() + 1);
      ++i_;
      return true;
    }
    if (value && !short_name.empty() && a.size() > short_name.size() &&
        a.compare(0, short_name.size(), short_name) == 0 && a[1] != '-') {
      *value = a.substr(short_name.size());  // -j2, -fjson
      ++i_;
      return true;
    }
    if (a != long_name && (short_name.empty() || a != short_name)) return false;
    ++i_;
    if (value) {
      if (done()) throw UsageError(fmt::format("{} needs a value", a));
      *value = args_[i_++];
    }
    return true;
  }

 private:
  std::vector<std::string> args_;
  std::size_t i_ = 0;
};

struct CheckOptions {
  std::vector<std::string> paths;
  std::vector<ReportSpec> reports;
  std::string baseline;  // --baseline FILE
  std::string docs_url;  // --docs-url URL (else $SHIPSHAPE_DOCS_URL)
  bool fail_if_no_objects = false;
  bool help = false;
  std::string config;
  bool no_config = false;
  std::vector<std::string> enable, disable, only;
  std::string fail_on = "error";
  std::optional<std::string> ns;
  std::optional<std::string> kubernetes_version;
  std::optional<std::uint64_t> max_input_bytes;
  std::optional<ApplicationScope> application_scope;
  std::vector<std::string> application_markers;
  std::vector<std::string> application_roots;
  bool show_suppressed = false;
  bool quiet = false;
  unsigned jobs = 0;
  std::string color = "auto";
  std::optional<Parser> parser;
};

namespace fs = std::filesystem;

/// The options `check` gained for CI: reports, baseline, links, --fail-if-no-objects, help.
bool take_ci_option(Args& args, CheckOptions& o, ReportSpecParser& reports) {
  std::string v;
  if (args.take("-f", "--format", &v)) {
    reports.format(v);
  } else if (args.take("-o", "--output", &v)) {
    reports.output(v);
  } else if (args.take("", "--baseline", &o.baseline) || args.take("", "--docs-url", &o.docs_url)) {
  } else if (args.take("", "--fail-if-no-objects", nullptr)) {
    o.fail_if_no_objects = true;
  } else if (args.take("-h", "--help", nullptr)) {
    o.help = true;
  } else {
    return false;
  }
  return true;
}

/// `--docs-url`, else `$SHIPSHAPE_DOCS_URL`, without a trailing slash.
std::string docs_url(const CheckOptions& o) {
  std::string url = o.docs_url;
  if (url.empty()) {
    const char* env = std::getenv("SHIPSHAPE_DOCS_URL");  // NOLINT(concurrency-mt-unsafe): main thread
    if (env) url = env;
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

/// The value of a count option (`--jobs`, `--max-rounds`): a whole number from 1 to `most`.
unsigned parse_count(const std::string& value, std::string_view option, unsigned most) {
  char* end = nullptr;
  const long n = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || n < 1 || n > static_cast<long>(most)) {
    throw UsageError(fmt::format("{} needs a number from 1 to {}, not \"{}\"", option, most, value));
  }
  return static_cast<unsigned>(n);
}

CheckOptions parse_check(Args& args) {
  CheckOptions o;
  ReportSpecParser reports;
  std::string v;
  while (!args.done()) {
    if (args.take("-c", "--config", &o.config) || args.take("", "--fail-on", &o.fail_on) ||
        args.take("", "--color", &o.color)) {
      continue;
    }
    if (take_ci_option(args, o, reports)) continue;
    if (args.take("", "--", nullptr)) {
      while (!args.done()) o.paths.push_back(args.next());  // only paths from here: `-- -odd-name.yaml`
    } else if (args.take("", "--no-config", nullptr)) {
      o.no_config = true;
    } else if (args.take("", "--enable", &v)) {
      o.enable.push_back(v);
    } else if (args.take("", "--disable", &v)) {
      o.disable.push_back(v);
    } else if (args.take("", "--only", &v)) {
      o.only.push_back(v);
    } else if (args.take("-n", "--namespace", &v)) {
      o.ns = v;
    } else if (args.take("", "--kubernetes-version", &v)) {
      o.kubernetes_version = v;
    } else if (args.take("", "--max-input-size", &v)) {
      o.max_input_bytes = parse_input_size(v);
      if (!o.max_input_bytes) {
        throw UsageError(fmt::format("--max-input-size needs a size from 1 byte to 2G, such as 512Mi, not \"{}\"", v));
      }
    } else if (args.take("", "--application-scope", &v)) {
      o.application_scope = parse_application_scope(v);
      if (!o.application_scope)
        throw UsageError(fmt::format("--application-scope must be directory or run, not \"{}\"", v));
    } else if (args.take("", "--application-marker", &v)) {
      if (v.empty() || v.find('/') != std::string::npos) {
        throw UsageError(fmt::format("--application-marker needs a file name, not \"{}\"", v));
      }
      o.application_markers.push_back(v);
    } else if (args.take("", "--application-root", &v)) {
      if (v.empty() || v.front() == '/')
        throw UsageError(fmt::format("--application-root needs a relative pattern, not \"{}\"", v));
      o.application_roots.push_back(v);
    } else if (args.take("", "--show-suppressed", nullptr)) {
      o.show_suppressed = true;
    } else if (args.take("-q", "--quiet", nullptr)) {
      o.quiet = true;
    } else if (args.take("-j", "--jobs", &v)) {
      o.jobs = parse_count(v, "--jobs", 1024);
    } else if (args.take("", "--parser", &v)) {
      o.parser = parser_from_name(v);
      if (!o.parser) throw UsageError(fmt::format("--parser takes auto, libfyaml or yaml-cpp, not \"{}\"", v));
      if (!parser_available(*o.parser)) throw UsageError("this build of shipshape has no libfyaml front end");
    } else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') throw UsageError(fmt::format("unknown option {}", a));
      o.paths.push_back(std::move(a));
    }
  }
  o.reports = reports.finish();
  if (o.fail_on != "never" && !parse_severity(o.fail_on)) {
    throw UsageError(fmt::format("--fail-on takes error, warning, info or never, not \"{}\"", o.fail_on));
  }
  if (o.color != "auto" && o.color != "always" && o.color != "never") {
    throw UsageError(fmt::format("--color takes auto, always or never, not \"{}\"", o.color));
  }
  if (o.paths.empty()) o.paths.emplace_back(".");
  return o;
}

/// The configuration the options name (a file, the one discovered, or none), with the options
/// of `check` that override it.
Config config_for(const CheckOptions& o) {
  Config config;
  if (!o.config.empty()) {
    config = Config::load(o.config);
  } else if (!o.no_config) {
    if (auto found = Config::discover(".")) config = Config::load(*found);
  }
  if (o.ns) config.default_namespace = *o.ns;
  if (o.kubernetes_version) {
    auto v = KubernetesVersion::parse(*o.kubernetes_version);
    if (!v) throw UsageError(fmt::format("\"{}\" is not a Kubernetes version such as 1.31", *o.kubernetes_version));
    config.kubernetes_version = *v;
  }
  if (o.parser) config.parser = *o.parser;
  config.enable = o.enable;
  config.disable = o.disable;
  config.only = o.only;
  if (o.max_input_bytes) config.max_input_bytes = *o.max_input_bytes;
  if (o.application_scope) config.application_scope = *o.application_scope;
  if (!o.application_markers.empty()) config.application_markers = o.application_markers;
  if (!o.application_roots.empty()) {
    config.application_roots = o.application_roots;
    config.application_roots_base.clear();
  }
  return config;
}

/// Loads the configuration the options name, runs the engine over the paths, and returns
/// the report with the run's duration in seconds.
std::pair<Report, double> check_with(const CheckOptions& o, const Streams& io) {
  Config config = config_for(o);

  Engine engine(std::move(config));
  engine.set_jobs(o.jobs);
  engine.set_cancel_flag(io.cancel);
  const auto start = std::chrono::steady_clock::now();
  Progress progress(io, o.paths.size());
  Report report = engine.check_paths(o.paths);
  progress.stop();
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  return {std::move(report), seconds.count()};
}

int run_check(Args& args, const Streams& io) {
  const CheckOptions o = parse_check(args);
  if (o.help) {
    io.out << usage();
    return 0;
  }
  // Before anything is read or written: a bad output path fails at once.
  ReportWriter writer(o.reports, o.paths);
  const std::optional<Baseline> baseline =
      o.baseline.empty() ? std::nullopt : std::optional<Baseline>(Baseline::load(o.baseline));
  auto [report, seconds] = check_with(o, io);
  if (baseline) apply_baseline(report, *baseline, o.baseline);

  WriteSettings settings;
  settings.show_suppressed = o.show_suppressed;
  settings.quiet = o.quiet;
  settings.color = o.color;
  settings.fail_on = o.fail_on == "never" ? std::nullopt : parse_severity(o.fail_on);
  settings.seconds = seconds;
  settings.docs_url = docs_url(o);
  writer.write(report, settings, io);

  if (!report.errors.empty()) return 2;
  if (o.fail_if_no_objects && report.summary.objects == 0) {
    io.err << "shipshape: no Kubernetes objects found in the inputs (--fail-if-no-objects)\n";
    return 2;
  }
  if (!settings.fail_on) return 0;
  return report.has_findings_at_least(*settings.fail_on) ? 1 : 0;
}

/// `shipshape baseline`: the findings of a check, with fingerprints, as a baseline file.
int run_baseline(Args& args, const Streams& io) {
  CheckOptions o = parse_check(args);
  if (o.help) {
    io.out << usage();
    return 0;
  }
  if (o.reports.size() != 1 || o.reports[0].format != "text") {
    throw UsageError("baseline takes -o FILE, not --format (the baseline file has one format)");
  }
  o.reports[0].format = "baseline";
  ReportWriter writer(o.reports, o.paths);
  auto [report, seconds] = check_with(o, io);
  if (!report.errors.empty()) {
    for (const InputError& e : report.errors) io.err << "shipshape: " << e.path << ": " << e.message << '\n';
    io.err << "shipshape: no baseline written: some inputs could not be read\n";
    return 2;
  }
  WriteSettings settings;
  settings.quiet = true;
  settings.seconds = seconds;
  writer.write(report, settings, io);
  if (!o.quiet) {
    io.err << fmt::format("shipshape: recorded {} {} in {}\n", report.findings.size(),
                          report.findings.size() == 1 ? "finding" : "findings",
                          o.reports[0].path.empty() ? "<stdout>" : o.reports[0].path);
  }
  return 0;
}

int run_rules(Args& args, const Streams& io) {
  std::string format = "text";
  std::string docs_dir;
  while (!args.done()) {
    if (args.take("-h", "--help", nullptr)) {
      io.out << kRulesUsage;
      return 0;
    }
    if (args.take("-f", "--format", &format) || args.take("", "--write-docs", &docs_dir)) continue;
    throw UsageError(fmt::format("unexpected argument {}", args.next()));
  }
  const auto infos = Registry::builtin().infos();
  if (!docs_dir.empty()) {
    fs::create_directories(docs_dir);
    for (const RuleInfo* r : infos) {
      std::ofstream page(fs::path(docs_dir) / (r->id + ".md"), std::ios::binary);
      page << rule_markdown(*r);
      if (!page) throw std::runtime_error(fmt::format("cannot write {}/{}.md", docs_dir, r->id));
    }
    std::ofstream index(fs::path(docs_dir) / "README.md", std::ios::binary);
    index << rules_index_markdown(infos);
    if (!index) throw std::runtime_error(fmt::format("cannot write {}/README.md", docs_dir));
    io.out << fmt::format("wrote {} rule pages and an index to {}\n", infos.size(), docs_dir);
    return 0;
  }
  if (format == "json") {
    io.out << rules_json(infos);
  } else if (format == "markdown") {
    io.out << rules_markdown_table(infos, "docs/rules/");
  } else if (format == "checklist") {
    io.out << checklist_markdown(infos, "rules/");
  } else if (format == "text") {
    io.out << rules_text_table(infos);
  } else {
    throw UsageError(fmt::format("unknown format \"{}\" (text, json, markdown or checklist)", format));
  }
  return 0;
}

int run_explain(Args& args, const Streams& io) {
  std::string format = "text";
  std::string id;
  while (!args.done()) {
    if (args.take("-f", "--format", &format)) continue;
    if (args.take("-h", "--help", nullptr)) {
      io.out << kExplainUsage;
      return 0;
    }
    std::string a = args.next();
    if (!id.empty() || (a.size() > 1 && a[0] == '-')) throw UsageError(fmt::format("unexpected argument {}", a));
    id = std::move(a);
  }
  if (id.empty()) throw UsageError("explain needs a rule id (see `shipshape rules`)");
  const RuleInfo* info = Registry::builtin().find(id);
  if (!info) throw ConfigError(Registry::builtin().unknown_rule_message(id));
  if (format == "markdown") {
    io.out << rule_markdown(*info);
  } else if (format == "text") {
    io.out << rule_text(*info);
  } else {
    throw UsageError(fmt::format("unknown format \"{}\" (text or markdown)", format));
  }
  return 0;
}

/// The name of a file in a diff header, `a/...` or `b/...` as git writes them: relative to the
/// current directory when the file is under it, without `./` or a leading `/`, so that
/// `git apply` and `patch -p1` read it.
std::string diff_name(std::string_view side, const std::string& file) {
  fs::path p = fs::path(file).lexically_normal();
  if (p.is_absolute()) {
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    const fs::path relative = ec ? fs::path() : p.lexically_relative(here);
    p = !relative.empty() && *relative.begin() != ".." ? relative : p.relative_path();
  }
  return fmt::format("{}/{}", side, p.generic_string());
}

/// Writes the changed files of a fix in two steps: every new text into a temporary file beside
/// its file first, then, once all are written, each renamed over its file. A file that cannot
/// be written stops the run before any file is replaced. Symbolic links are followed; each file
/// keeps its permissions, owner and group.
void write_fixed_files(const FixReport& result) {
  std::vector<std::unique_ptr<AtomicFile>> outputs;
  for (const FileFix& file : result.files) {
    if (!file.changed() || !file.from_file) continue;
    std::error_code ec;
    const fs::path target = fs::canonical(file.name, ec);
    const std::string path = ec ? file.name : target.string();
    try {
      auto out = std::make_unique<AtomicFile>(path);
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0) out->keep_attributes(st);
      out->stream() << file.after;
      out->close();
      outputs.push_back(std::move(out));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{}; no file was changed", e.what()));
    }
  }
  std::size_t done = 0;
  try {
    for (const auto& out : outputs) {
      out->commit();
      ++done;
    }
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(
        fmt::format("{} ({} of {} fixed files were written before it)", e.what(), done, outputs.size()));
  }
}

/// `shipshape fix`: checks like `check`, then writes the fixes of the findings into the files.
int run_fix(Args& args, const Streams& io) {
  bool dry_run = false;
  FixOptions options;
  std::vector<std::string> rest;
  std::string v;
  while (!args.done()) {
    if (args.take("", "--dry-run", nullptr)) {
      dry_run = true;
    } else if (args.take("", "--rule", &v)) {
      options.rules.push_back(v);
    } else if (args.take("", "--max-rounds", &v)) {
      options.max_rounds = parse_count(v, "--max-rounds", 100);
    } else if (args.take("", "--", nullptr)) {
      rest.emplace_back("--");
      while (!args.done()) rest.push_back(args.next());
    } else {
      rest.push_back(args.next());
    }
  }
  Args check_args(std::move(rest));
  const CheckOptions o = parse_check(check_args);
  if (o.help) {
    io.out << usage();
    return 0;
  }
  if (o.reports.size() != 1 || o.reports[0].format != "text" || !o.reports[0].path.empty()) {
    throw UsageError("fix writes the files it fixes: it takes no --format or --output (--dry-run prints a diff)");
  }
  for (const std::string& p : o.paths) {
    if (p == "-") throw UsageError("fix cannot edit standard input: name the files to fix");
  }
  Engine engine(config_for(o));
  engine.set_jobs(o.jobs);
  engine.set_cancel_flag(io.cancel);
  const FixReport result = fix(engine, o.paths, {}, options);
  for (const InputError& e : result.errors) {
    io.err << fmt::format("shipshape: {}: {}\n", e.path.empty() ? e.rule : e.path, e.message);
  }
  if (!result.errors.empty()) return 2;
  if (o.fail_if_no_objects && result.objects == 0) {
    io.err << "shipshape: no Kubernetes objects found in the inputs (--fail-if-no-objects)\n";
    return 2;
  }

  for (const Finding& f : result.unreadable) {
    io.err << fmt::format("{}:{}:{}: [yaml-syntax] not checked: {}\n", f.file, f.line, f.column, f.message);
  }
  for (const FileFix& file : result.files) {
    if (!file.error.empty()) {
      io.err << fmt::format("{}: not fixed ({} findings): {}\n", file.name, file.refused.size(), file.error);
      continue;
    }
    for (const RefusedFix& x : file.refused) {
      io.err << fmt::format("{}:{}:{}: [{}] not fixed: {}\n", x.finding.file, x.finding.line, x.finding.column,
                            x.finding.rule, x.reason);
    }
  }
  if (dry_run) {
    for (const FileFix& file : result.files) {
      if (file.changed())
        io.out << unified_diff(file.before, file.after, diff_name("a", file.name), diff_name("b", file.name));
    }
  } else {
    write_fixed_files(result);
  }
  const std::size_t applied = result.applied();
  const std::size_t refused = result.refused();
  const std::size_t changed = result.changed();
  std::ostream& summary = dry_run ? io.err : io.out;
  summary << fmt::format("{} {} fix{} in {} file{}", dry_run ? "would apply" : "applied", applied,
                         applied == 1 ? "" : "es", changed, changed == 1 ? "" : "s");
  if (result.rounds > 1) summary << fmt::format(" in {} rounds", result.rounds);
  if (refused > 0) summary << fmt::format("; {} not applied (listed above)", refused);
  summary << '\n';
  if (!result.converged) {
    io.err << fmt::format(
        "shipshape: stopped after {} round{} of fixes (--max-rounds), and the files they give "
        "have more to fix: run fix again\n",
        result.rounds, result.rounds == 1 ? "" : "s");
  }
  if (refused > 0 || !result.converged) return 1;
  return dry_run && changed > 0 ? 1 : 0;
}

}  // namespace

int run(const std::vector<std::string>& arguments, const Streams& io) {
  try {
    Args args(arguments);
    if (args.done()) {
      io.err << usage();
      return 2;
    }
    const std::string command = args.next();
    if (command == "--version" || command == "version") {
      io.out << "shipshape " << kVersion << '\n';
      io.out << "YAML parsers: " << parser_name(resolve_parser(Parser::automatic)) << " (default)";
      for (const Parser p : {Parser::libfyaml, Parser::yaml_cpp}) {
        if (p != resolve_parser(Parser::automatic) && parser_available(p)) io.out << ", " << parser_name(p);
      }
      io.out << '\n';
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      io.out << usage();
      return 0;
    }
    if (command == "check") return run_check(args, io);
    if (command == "rules") return run_rules(args, io);
    if (command == "explain") return run_explain(args, io);
    if (command == "baseline") return run_baseline(args, io);
    if (command == "fix") return run_fix(args, io);
    throw UsageError(fmt::format("unknown command \"{}\"", command));
  } catch (const UsageError& e) {
    io.err << "shipshape: " << e.what() << "\n(run `shipshape --help` for usage)\n";
    return 2;
  } catch (const ConfigError& e) {
    io.err << "shipshape: configuration error: " << e.what() << '\n';
    return 2;
  } catch (const std::bad_alloc&) {
    io.err << "shipshape: error: out of memory (try fewer --jobs, or check fewer inputs at once)\n";
    return 2;
  } catch (const std::exception& e) {
    io.err << "shipshape: error: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace shipshape::cli
