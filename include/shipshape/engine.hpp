// The engine: loads inputs, builds the Index, runs the enabled rules, returns a Report.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/config.hpp"
#include "shipshape/context.hpp"
#include "shipshape/finding.hpp"
#include "shipshape/index.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/report.hpp"
#include "shipshape/resource.hpp"
#include "shipshape/rule.hpp"

namespace shipshape {

/// Thrown by Engine::check when its cancellation flag was raised during the run.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("the run was cancelled") {}
};

/// Runs checks. Construction validates the configuration against the rules (unknown rule
/// ids and options, bad option values) and throws ConfigError. check() may be called many
/// times and from several threads at once: each run gets fresh rule instances.
class Engine {
 public:
  explicit Engine(Config config = {}, Registry registry = Registry::with_builtin_rules());
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  /// Threads for loading and checking; 0 means one per core.
  void set_jobs(unsigned jobs) noexcept { jobs_ = jobs; }
  [[nodiscard]] unsigned jobs() const noexcept { return jobs_; }
  /// Whether reports list every object checked (Report::objects); off by default.
  void set_collect_objects(bool on) noexcept { collect_objects_ = on; }
  /// A flag the runs read between objects and between pieces of input (every few
  /// milliseconds); once it is true they stop and check() throws Cancelled. Null (the
  /// default) for none. The flag must outlive the runs; it is never written by the engine.
  void set_cancel_flag(const std::atomic<bool>* flag) noexcept { cancel_ = flag; }

  /// Checks files and directories (`-` is standard input).
  [[nodiscard]] Report check_paths(const std::vector<std::string>& paths) const;
  /// Checks texts held in memory.
  [[nodiscard]] Report check_texts(std::vector<TextInput> texts) const;
  /// Checks paths and texts together, as one run (cross-resource rules see both).
  [[nodiscard]] Report check(const std::vector<std::string>& paths, std::vector<TextInput> texts) const;
  /// The same, with the files named in `replaced` checked as these texts rather than as they
  /// are on disk (nothing is written).
  [[nodiscard]] Report check(const std::vector<std::string>& paths, std::vector<TextInput> texts,
                             const ReplacedFiles& replaced) const;

  /// Metadata of the rules this configuration runs, sorted by id.
  [[nodiscard]] std::vector<const RuleInfo*> enabled_rules() const;
  [[nodiscard]] const Registry& registry() const noexcept;
  [[nodiscard]] const Config& config() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  unsigned jobs_ = 0;
  bool collect_objects_ = false;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace shipshape
