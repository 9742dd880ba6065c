// Reports of `check`: which formats go where (`-f FORMAT[=PATH]`, `-o PATH`), written
// atomically, and the progress line while a long run goes on.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>
#include <chrono>

#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli.hpp"
#include "shipshape/report.hpp"

namespace shipshape::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One report of a run: a format and its destination (empty path: standard output).
struct ReportSpec {
  std::string format;
  std::string path;
};

/// Pairs `-f`/`--format` and `-o`/`--output` in the order given: `-f FORMAT=PATH` names its
/// file; `-o PATH` goes with the closest `-f` before it that has no destination yet, else with
/// the next one; without `-f`, with the text report.
class ReportSpecParser {
 public:
  void format(const std::string& value);
  void output(const std::string& path);
  /// The reports, checked: known formats, at most one on standard output, no file twice.
  [[nodiscard]] std::vector<ReportSpec> finish();

 private:
  std::vector<ReportSpec> specs_;
  std::vector<bool> placed_;  // the spec has a destination (possibly standard output)
  std::vector<std::string> pending_;
};

/// `text, json, ...` as --help lists them, with ` (default)` after the first when asked.
[[nodiscard]] std::string format_names(bool mark_default);

/// What the writers need beyond the report.
struct WriteSettings {
  bool show_suppressed = false;
  bool quiet = false;
  std::string color = "auto";
  std::optional<Severity> fail_on = Severity::error;
  double seconds = 0;
  std::string docs_url;
};

/// Refuses an output path that is one of the inputs or would be read as one.
void check_output_path(const std::string& output, const std::vector<std::string>& inputs);

/// A file written to a temporary file beside it and renamed over it by commit(), so a run that
/// fails leaves no half-written file (and an older one stays as it was). Devices and FIFOs
/// (`/dev/stdout`) are written directly.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();
  std::ostream& stream() { return file_; }
  /// Gives the file the permissions and, where allowed, the owner and group of `original`
  /// (a fixed manifest keeps them) instead of a new file's.
  void keep_attributes(const struct stat& original);
  /// Closes the file; throws when a write failed.
  void close();
  /// Renames the temporary file over the path.
  void commit();

 private:
  void open(const std::string& name);
  std::string path_;
  std::string temp_;
  std::ofstream file_;
};

/// The reports of a run. Files are opened (as temporary files beside them) before the run and
/// renamed into place only once every report is written.
class ReportWriter {
 public:
  ReportWriter(std::vector<ReportSpec> specs, const std::vector<std::string>& inputs);
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;
  ~ReportWriter();
  /// Writes every report; the summary line goes to standard error when no text report goes
  /// to standard output (unless quiet).
  void write(const Report& report, const WriteSettings& settings, const Streams& io);

 private:
  std::vector<ReportSpec> specs_;
  std::vector<std::unique_ptr<AtomicFile>> files_;  // parallel to specs_; null for standard output
};

/// A line on standard error (when it is a terminal) saying the run goes on, shown once it has
/// taken a second, and erased when the run ends.
class Progress {
 public:
  Progress(const Streams& io, std::size_t paths);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();
  void stop();

 private:
  std::ostream* err_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  bool shown_ = false;
  std::thread thread_;
};

}  // namespace shipshape::cli
