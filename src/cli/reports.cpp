// Reports of `check`: parsing -f/-o pairs, the writers of each format, atomic report files,
// and the progress line.
#include "cli/reports.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>

namespace shipshape::cli {
namespace {

namespace fs = std::filesystem;

/// Where a report goes, for its writer.
struct Destination {
  bool is_stdout = false;
};

/// A report format of `check`: its name and how the report is written in it.
struct OutputFormat {
  std::string_view name;
  void (*write)(const Report& report, std::ostream& out, const WriteSettings& s, const Streams& io,
                const Destination& d);
};

void write_text_report(const Report& report, std::ostream& out, const WriteSettings& s, const Streams& io,
                       const Destination& d) {
  TextOptions text;
  // The environment is only read here, on the main thread, after the engine's workers have joined.
  const char* no_color = std::getenv("NO_COLOR");  // NOLINT(concurrency-mt-unsafe)
  const bool no_color_env = no_color != nullptr && *no_color != '\0';
  text.color = s.color == "always" || (s.color == "auto" && d.is_stdout && io.out_is_terminal && !no_color_env);
  text.show_suppressed = s.show_suppressed;
  text.summary = !s.quiet;
  text.overview = !s.quiet;
  if (!(s.quiet && report.findings.empty() && report.errors.empty())) write_text(report, out, text);
}

/// The formats `check --format` accepts; the first is the default.
constexpr std::array<OutputFormat, 7> kFormats{{
    {"text", write_text_report},
    {"json", [](const Report& r, std::ostream& out, const WriteSettings& s, const Streams&,
                const Destination&) { write_json(r, out, s.show_suppressed); }},
    {"sarif", [](const Report& r, std::ostream& out, const WriteSettings& s, const Streams&,
                 const Destination&) { write_sarif(r, out, SarifOptions{s.docs_url}); }},
    {"junit",
     [](const Report& r, std::ostream& out, const WriteSettings& s, const Streams&, const Destination&) {
       write_junit(r, out, JunitOptions{s.fail_on, s.seconds});
     }},
    {"github", [](const Report& r, std::ostream& out, const WriteSettings&, const Streams&,
                  const Destination&) { write_github(r, out); }},
    {"gitlab", [](const Report& r, std::ostream& out, const WriteSettings&, const Streams&,
                  const Destination&) { write_gitlab(r, out); }},
    {"baseline", [](const Report& r, std::ostream& out, const WriteSettings&, const Streams&,
                    const Destination&) { write_baseline(r, out); }},
}};

const OutputFormat* find_format(std::string_view name) {
  for (const OutputFormat& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool is_manifest_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

}  // namespace

std::string format_names(bool mark_default) {
  std::string out;
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (i > 0) out += i + 1 == kFormats.size() ? " or " : ", ";
    out += kFormats[i].name;
    if (i == 0 && mark_default) out += " (default)";
  }
  return out;
}

void ReportSpecParser::format(const std::string& value) {
  const std::size_t eq = value.find('=');
  if (eq == std::string::npos) {
    specs_.push_back({value, {}});
    placed_.push_back(false);
    if (!pending_.empty()) {  // `-o FILE -f FORMAT`
      specs_.back().path = pending_.front();
      placed_.back() = true;
      pending_.erase(pending_.begin());
    }
    return;
  }
  std::string path = value.substr(eq + 1);
  if (path.empty()) throw UsageError(fmt::format("--format {} names no file after `=`", value));
  specs_.push_back({value.substr(0, eq), path == "-" ? std::string() : path});
  placed_.push_back(true);
}

void ReportSpecParser::output(const std::string& path) {
  if (path.empty()) throw UsageError("--output needs a file name");
  if (!specs_.empty() && !placed_.back()) {  // `-f FORMAT -o FILE`
    specs_.back().path = path == "-" ? std::string() : path;
    placed_.back() = true;
    return;
  }
  pending_.push_back(path);
}

std::vector<ReportSpec> ReportSpecParser::finish() {
  if (specs_.empty()) {
    specs_.push_back({std::string(kFormats[0].name), {}});
    placed_.push_back(false);
  }
  for (std::size_t i = 0; i < specs_.size() && !pending_.empty(); ++i) {
    if (placed_[i]) continue;
    specs_[i].path = pending_.front() == "-" ? std::string() : pending_.front();
    placed_[i] = true;
    pending_.erase(pending_.begin());
  }
  if (!pending_.empty()) {
    throw UsageError(fmt::format("--output {} has no --format to go with (every format already has a destination)",
                                 pending_.front()));
  }
  const ReportSpec* on_stdout = nullptr;
  std::set<std::string> files;
  for (const ReportSpec& s : specs_) {
    if (!find_format(s.format)) {
      throw UsageError(fmt::format("unknown format \"{}\" ({})", s.format, format_names(false)));
    }
    if (s.path.empty()) {
      if (on_stdout) {
        throw UsageError(
            fmt::format("two reports to standard output ({} and {}): give one a file with -o FILE or -f {}=FILE",
                        on_stdout->format, s.format, s.format));
      }
      on_stdout = &s;
    } else {
      std::error_code ec;
      const fs::path canonical = fs::weakly_canonical(s.path, ec);
      if (!files.insert(ec ? s.path : canonical.string()).second) {
        throw UsageError(fmt::format("two reports to the same file {}", s.path));
      }
    }
  }
  return specs_;
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
    const bool same_inode =
        out_exists && ::stat(in.c_str(), &in_st) == 0 && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino;
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

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
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
  // mkstemp makes the file 0600; a new file gets the mode the umask gives.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  (void)::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temp_ = name;
  open(temp_);
}

AtomicFile::~AtomicFile() {
  if (!temp_.empty()) std::remove(temp_.c_str());
}

void AtomicFile::keep_attributes(const struct stat& original) {
  if (temp_.empty()) return;
  // The owner first: changing it can clear the set-user-ID and set-group-ID bits. Only root
  // may give a file away; anyone else keeps their own file, and the group when they belong to it.
  (void)::chown(temp_.c_str(), original.st_uid, original.st_gid);
  (void)::chmod(temp_.c_str(), original.st_mode & 07777);
}

void AtomicFile::close() {
  file_.close();
  if (!file_) throw std::runtime_error(fmt::format("cannot write {}", path_));
}

void AtomicFile::commit() {
  if (temp_.empty()) return;
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
  }
  temp_.clear();
}

void AtomicFile::open(const std::string& name) {
  file_.open(name, std::ios::binary | std::ios::trunc);
  if (!file_) throw std::runtime_error(fmt::format("cannot write {}", path_));
}

ReportWriter::ReportWriter(std::vector<ReportSpec> specs, const std::vector<std::string>& inputs)
    : specs_(std::move(specs)) {
  for (const ReportSpec& s : specs_) {
    if (s.path.empty()) {
      files_.emplace_back();
      continue;
    }
    check_output_path(s.path, inputs);
    files_.push_back(std::make_unique<AtomicFile>(s.path));
  }
}

ReportWriter::~ReportWriter() = default;

void ReportWriter::write(const Report& report, const WriteSettings& settings, const Streams& io) {
  bool text_on_stdout = false;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const bool is_stdout = !files_[i];
    text_on_stdout = text_on_stdout || (is_stdout && specs_[i].format == kFormats[0].name);
    std::ostream& out = is_stdout ? io.out : files_[i]->stream();
    find_format(specs_[i].format)->write(report, out, settings, io, Destination{is_stdout});
    out.flush();
    if (!is_stdout) files_[i]->close();
  }
  // Every report is complete before any replaces an older one.
  for (const auto& f : files_) {
    if (f) f->commit();
  }
  if (!text_on_stdout && !settings.quiet) {
    io.err << "shipshape: " << summary_line(report, false) << '\n';
  }
}

Progress::Progress(const Streams& io, std::size_t paths) {
  if (!io.err_is_terminal) return;
  err_ = &io.err;
  thread_ = std::thread([this, paths] {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::seconds(1), [this] { return done_; })) return;
    static constexpr std::array<std::string_view, 4> kSpinner{"|", "/", "-", "\\"};
    for (std::size_t tick = 0; !done_; ++tick) {
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
      *err_ << fmt::format("\r{} shipshape: checking {} {}... {}s", kSpinner[tick % kSpinner.size()], paths,
                           paths == 1 ? "path" : "paths", seconds.count())
            << std::flush;
      shown_ = true;
      wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; });
    }
  });
}

void Progress::stop() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (shown_) *err_ << "\r\x1b[K" << std::flush;
}

Progress::~Progress() { stop(); }

}  // namespace shipshape::cli
