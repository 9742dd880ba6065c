// The `shipshape` command line: parses arguments and calls the library.
#include "cli/cli.hpp"

#include <algorithm>
#include <array>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "shipshape/docs.hpp"
#include "shipshape/shipshape.hpp"

namespace shipshape::cli {
namespace {

/// The text of --help; {formats} is filled in from kFormats.
constexpr std::string_view kUsageTemplate = R"(shipshape: check Kubernetes manifests against production best practices

Usage:
  shipshape check [OPTIONS] [--] [PATH...]
                                        check files and directories (default: .; `-` is stdin;
                                        after `--` every argument is a path)
  shipshape rules [--format text|json|markdown|checklist] [--write-docs DIR]
                                        list the rules
  shipshape explain RULE-ID             show what a rule checks and how to fix it
  shipshape fix [--dry-run] [--rule RULE]... [OPTIONS] [--] [PATH...]
                                        apply the findings' mechanical fixes to the files,
                                        keeping comments and layout (docs/fix.md)
  shipshape --version | --help

Options of `check`:
  -f, --format FORMAT       {formats}
  -o, --output FILE         write the report to FILE instead of standard output
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
      --color WHEN          auto (default), always or never; NO_COLOR turns colour off

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
            2 usage, configuration or internal error, or an input that could not be read.

Options of `fix` (and those of `check` that choose the rules: -c, --no-config, --enable,
--disable, --only, -n, --kubernetes-version, -j, --max-input-size):
      --dry-run             print a unified diff of the changes instead of writing them
      --rule RULE           apply only this rule's fixes (repeatable)
Exit codes of `fix`: 0 every fix was applied (or none was needed; with --dry-run: nothing
            would change); 1 a fix was refused, or with --dry-run something would change;
            2 usage or configuration error, standard input, or an input that could not be read.
)";

struct CheckOptions;

/// A report format of `check`: its name and how the report is written in it.
struct OutputFormat {
  std::string_view name;
  void (*write)(const Report& report, std::ostream& out, const CheckOptions& options, const Streams& io);
};

void write_text_report(const Report& report, std::ostream& out, const CheckOptions& o, const Streams& io);
void write_json_report(const Report& report, std::ostream& out, const CheckOptions& o, const Streams& io);

/// The formats `check --format` accepts; the first is the default.
constexpr std::array<OutputFormat, 4> kFormats{{
    {"text", write_text_report},
    {"json", write_json_report},
    {"sarif", [](const Report& r, std::ostream& out, const CheckOptions&, const Streams&) { write_sarif(r, out); }},
    {"junit", [](const Report& r, std::ostream& out, const CheckOptions&, const Streams&) { write_junit(r, out); }},
}};

/// `text, json, sarif or junit`, with ` (default)` after the first when asked.
std::string format_names(bool mark_default) {
  std::string out;
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (i > 0) out += i + 1 == kFormats.size() ? " or " : ", ";
    out += kFormats[i].name;
    if (i == 0 && mark_default) out += " (default)";
  }
  return out;
}

const OutputFormat* find_format(std::string_view name) {
  for (const OutputFormat& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string usage() { return fmt::format(kUsageTemplate, fmt::arg("formats", format_names(true))); }

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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
  std::string format{kFormats[0].name};
  std::string output;
  std::string config;
  bool no_config = false;
  std::vector<std::string> enable, disable, only;
  std::string fail_on = "error";
  std::optional<std::string> ns;
  std::optional<std::string> kubernetes_version;
  std::optional<std::uint64_t> max_input_bytes;
  bool show_suppressed = false;
  bool quiet = false;
  unsigned jobs = 0;
  std::string color = "auto";
};

namespace fs = std::filesystem;

bool is_manifest_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

/// Refuses an output path that names one of the inputs, or that lies inside an input directory
/// where the directory walk would read it (a `.yaml`, `.yml` or `.json` name with no hidden
/// component): the report would overwrite a manifest, or be read as one by the next run.
void check_output_path(const std::string& output, const std::vector<std::string>& inputs) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(output, ec);
  if (ec) return;  // writing will fail with its own reason
  struct stat out_st {};
  const bool out_exists = ::stat(output.c_str(), &out_st) == 0;
  for (const auto& in : inputs) {
    if (in == "-") continue;
    const fs::path p = fs::weakly_canonical(in, ec);
    if (ec) continue;
    struct stat in_st {};
    const bool same_inode = out_exists && ::stat(in.c_str(), &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
                            in_st.st_ino == out_st.st_ino;
    if (p == out || same_inode) {
      throw UsageError(fmt::format("refusing to write the report to {}: it is one of the inputs", output));
    }
    if (!fs::is_directory(p, ec) || !is_manifest_name(out)) continue;
    const fs::path rel = out.lexically_relative(p);
    if (rel.empty() || *rel.begin() == "..") continue;
    bool hidden = false;
    for (const auto& part : rel) {
      const std::string name = part.string();
      hidden = hidden || (name.size() > 1 && name[0] == '.' && name != "..");
    }
    if (!hidden) {
      throw UsageError(fmt::format(
          "refusing to write the report to {}: it is inside the input directory {} and would be read as a manifest",
          output, in));
    }
  }
}

/// The report file: written to a temporary file beside it and renamed over it by commit(), so
/// a run that fails leaves no half-written report (and an older report stays as it was).
/// Devices and FIFOs (`/dev/stdout`) are written directly.
class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)) {
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
      open(path_);
      return;
    }
    const fs::path p(path_);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::string base(".");  // built step by step: GCC 12 warns (-Wrestrict) on "." + s + "..."
    base += p.filename().string();
    base += ".XXXXXX";
    std::string name = (dir / base).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    // mkstemp makes the file 0600; a report gets the mode a new file would get.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    (void)::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    temp_ = name;
    open(temp_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() {
    if (!temp_.empty()) std::remove(temp_.c_str());
  }
  std::ostream& stream() { return file_; }
  /// Gives the file `mode` (a fixed manifest keeps its permissions) instead of a new file's.
  void set_mode(mode_t mode) {
    if (!temp_.empty()) (void)::chmod(temp_.c_str(), mode & 07777);
  }
  void commit() {
    file_.close();
    if (!file_) throw std::runtime_error(fmt::format("cannot write {}", path_));
    if (temp_.empty()) return;
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
      throw std::runtime_error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    }
    temp_.clear();
  }

 private:
  void open(const std::string& name) {
    file_.open(name, std::ios::binary | std::ios::trunc);
    if (!file_) throw std::runtime_error(fmt::format("cannot write {}", path_));
  }
  std::string path_;
  std::string temp_;
  std::ofstream file_;
};

CheckOptions parse_check(Args& args) {
  CheckOptions o;
  std::string v;
  while (!args.done()) {
    if (args.take("-f", "--format", &o.format) || args.take("-o", "--output", &o.output) ||
        args.take("-c", "--config", &o.config) || args.take("", "--fail-on", &o.fail_on) ||
        args.take("", "--color", &o.color)) {
      continue;
    }
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
    } else if (args.take("", "--show-suppressed", nullptr)) {
      o.show_suppressed = true;
    } else if (args.take("-q", "--quiet", nullptr)) {
      o.quiet = true;
    } else if (args.take("-j", "--jobs", &v)) {
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (!end || *end != '\0' || n < 1 || n > 1024)
        throw UsageError(fmt::format("--jobs needs a number from 1 to 1024, not \"{}\"", v));
      o.jobs = static_cast<unsigned>(n);
    } else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') throw UsageError(fmt::format("unknown option {}", a));
      o.paths.push_back(std::move(a));
    }
  }
  if (!find_format(o.format)) {
    throw UsageError(fmt::format("unknown format \"{}\" ({})", o.format, format_names(false)));
  }
  if (o.fail_on != "never" && !parse_severity(o.fail_on)) {
    throw UsageError(fmt::format("--fail-on takes error, warning, info or never, not \"{}\"", o.fail_on));
  }
  if (o.color != "auto" && o.color != "always" && o.color != "never") {
    throw UsageError(fmt::format("--color takes auto, always or never, not \"{}\"", o.color));
  }
  if (o.paths.empty()) o.paths.emplace_back(".");
  return o;
}

int run_check(Args& args, const Streams& io) {
  const CheckOptions o = parse_check(args);
  // Before anything is read or written: a bad output path fails at once.
  std::optional<OutputFile> file;
  if (!o.output.empty()) {
    check_output_path(o.output, o.paths);
    file.emplace(o.output);
  }
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
  config.enable = o.enable;
  config.disable = o.disable;
  config.only = o.only;
  if (o.max_input_bytes) config.max_input_bytes = *o.max_input_bytes;

  Engine engine(std::move(config));
  engine.set_jobs(o.jobs);
  engine.set_cancel_flag(io.cancel);
  const Report report = engine.check_paths(o.paths);

  std::ostream& out = file ? file->stream() : io.out;
  find_format(o.format)->write(report, out, o, io);
  out.flush();
  if (file) file->commit();

  if (!report.errors.empty()) return 2;
  if (o.fail_on == "never") return 0;
  return report.has_findings_at_least(*parse_severity(o.fail_on)) ? 1 : 0;
}

void write_text_report(const Report& report, std::ostream& out, const CheckOptions& o, const Streams& io) {
  TextOptions text;
  // The environment is only read here, on the main thread, after the engine's workers have joined.
  const char* no_color = std::getenv("NO_COLOR");  // NOLINT(concurrency-mt-unsafe)
  const bool no_color_env = no_color != nullptr && *no_color != '\0';
  text.color = o.color == "always" || (o.color == "auto" && o.output.empty() && io.out_is_terminal && !no_color_env);
  text.show_suppressed = o.show_suppressed;
  text.summary = !o.quiet;
  if (!(o.quiet && report.findings.empty() && report.errors.empty())) write_text(report, out, text);
}

void write_json_report(const Report& report, std::ostream& out, const CheckOptions& o, const Streams& /*io*/) {
  write_json(report, out, o.show_suppressed);
}

int run_rules(Args& args, const Streams& io) {
  std::string format = "text";
  std::string docs_dir;
  while (!args.done()) {
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

/// `shipshape fix`: checks like `check`, then writes the fixes of the findings into the files.
int run_fix(Args& args, const Streams& io) {
  bool dry_run = false;
  std::vector<std::string> wanted_rules;
  std::vector<std::string> rest;
  std::string v;
  while (!args.done()) {
    if (args.take("", "--dry-run", nullptr)) {
      dry_run = true;
    } else if (args.take("", "--rule", &v)) {
      wanted_rules.push_back(v);
    } else if (args.take("", "--", nullptr)) {
      rest.emplace_back("--");
      while (!args.done()) rest.push_back(args.next());
    } else {
      rest.push_back(args.next());
    }
  }
  Args check_args(std::move(rest));
  const CheckOptions o = parse_check(check_args);
  if (o.format != kFormats[0].name || !o.output.empty()) {
    throw UsageError("fix writes the files it fixes: it takes no --format or --output (--dry-run prints a diff)");
  }
  for (const std::string& p : o.paths) {
    if (p == "-") throw UsageError("fix cannot edit standard input: name the files to fix");
  }
  for (const std::string& id : wanted_rules) {
    if (!Registry::builtin().find(id)) throw ConfigError(Registry::builtin().unknown_rule_message(id));
  }
  Config config;
  if (!o.config.empty()) {
    config = Config::load(o.config);
  } else if (!o.no_config) {
    if (auto found = Config::discover(".")) config = Config::load(*found);
  }
  if (o.ns) config.default_namespace = *o.ns;
  if (o.kubernetes_version) {
    auto version = KubernetesVersion::parse(*o.kubernetes_version);
    if (!version) throw UsageError(fmt::format("\"{}\" is not a Kubernetes version such as 1.31", *o.kubernetes_version));
    config.kubernetes_version = *version;
  }
  config.enable = o.enable;
  config.disable = o.disable;
  config.only = o.only;
  if (o.max_input_bytes) config.max_input_bytes = *o.max_input_bytes;
  const std::uint64_t max_bytes = config.max_input_bytes;

  Engine engine(std::move(config));
  engine.set_jobs(o.jobs);
  engine.set_cancel_flag(io.cancel);
  const Report report = engine.check_paths(o.paths);
  for (const InputError& e : report.errors) {
    io.err << fmt::format("shipshape: {}: {}\n", e.path.empty() ? e.rule : e.path, e.message);
  }
  if (!report.errors.empty()) return 2;

  // The fixable findings, by file in the report's order.
  std::vector<std::string> files;
  std::map<std::string, std::vector<Finding>> by_file;
  for (const Finding& f : report.findings) {
    if (f.fix.empty()) continue;
    if (!wanted_rules.empty() && std::find(wanted_rules.begin(), wanted_rules.end(), f.rule) == wanted_rules.end()) {
      continue;
    }
    auto& list = by_file[f.file];
    if (list.empty()) files.push_back(f.file);
    list.push_back(f);
  }
  std::size_t applied = 0;
  std::size_t refused = 0;
  std::size_t changed = 0;
  for (const std::string& file : files) {
    const std::string text = read_input(file, max_bytes);
    const FixResult r = apply_fixes(text, file, by_file[file]);
    if (!r.error.empty()) {
      io.err << fmt::format("{}: not fixed ({} findings): {}\n", file, r.refused.size(), r.error);
      refused += r.refused.size();
      continue;
    }
    for (const RefusedFix& x : r.refused) {
      io.err << fmt::format("{}:{}:{}: [{}] not fixed: {}\n", x.finding.file, x.finding.line, x.finding.column,
                            x.finding.rule, x.reason);
    }
    refused += r.refused.size();
    applied += r.applied.size();
    if (r.text == text) continue;
    ++changed;
    if (dry_run) {
      io.out << unified_diff(text, r.text, "a/" + file, "b/" + file);
      continue;
    }
    // Through a symbolic link to the file it names; replaced atomically, permissions kept.
    std::error_code ec;
    const fs::path target = fs::canonical(file, ec);
    struct stat st {};
    const std::string path = ec ? file : target.string();
    OutputFile out(path);
    if (::stat(path.c_str(), &st) == 0) out.set_mode(st.st_mode);
    out.stream() << r.text;
    out.commit();
  }
  std::ostream& summary = dry_run ? io.err : io.out;
  summary << fmt::format("{} {} fix{} in {} file{}", dry_run ? "would apply" : "applied", applied,
                         applied == 1 ? "" : "es", changed, changed == 1 ? "" : "s");
  if (refused > 0) summary << fmt::format("; {} not applied (listed above)", refused);
  summary << '\n';
  if (refused > 0) return 1;
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
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      io.out << usage();
      return 0;
    }
    if (command == "check") return run_check(args, io);
    if (command == "rules") return run_rules(args, io);
    if (command == "explain") return run_explain(args, io);
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
