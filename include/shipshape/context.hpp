// What a rule sees while it runs: the Index, the run's settings, and the way to report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shipshape/config.hpp"
#include "shipshape/finding.hpp"
#include "shipshape/index.hpp"
#include "shipshape/resource.hpp"
#include "shipshape/rule.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// Run-wide facts a rule may need.
struct RunSettings {
  std::string default_namespace = "default";
  KubernetesVersion kubernetes_version = KubernetesVersion::newest();
};

namespace detail {
struct PendingFinding;
struct RuleSlot;
struct ContextAccess;
}  // namespace detail

/// What a rule sees while it checks: the Index, the run settings, and the way to report.
class Context {
 public:
  [[nodiscard]] const Index& index() const noexcept { return *index_; }
  [[nodiscard]] const RunSettings& settings() const noexcept { return *settings_; }

  /// Reports a finding on `object`. `at` is the node the finding points at (use the
  /// container entry or the object root when the offending field is missing); `path` names
  /// the field. `severity` overrides the rule's default (unless the user configured one).
  void report(const Resource& object, Value at, const FieldPath& path, std::string message, Fix fix = {},
              std::optional<Severity> severity = std::nullopt);

  /// The rule whose check is running.
  [[nodiscard]] const RuleInfo& rule() const noexcept;

 private:
  friend struct detail::ContextAccess;
  Context(const Index* index, const RunSettings* settings) : index_(index), settings_(settings) {}

  const Index* index_;
  const RunSettings* settings_;
  const detail::RuleSlot* slot_ = nullptr;
  std::vector<detail::PendingFinding>* out_ = nullptr;
};

}  // namespace shipshape
