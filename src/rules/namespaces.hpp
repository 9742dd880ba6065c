// Shared logic of the rules that judge a whole namespace (LimitRange, ResourceQuota,
// default-deny NetworkPolicy): which namespaces to judge and where to point.
#pragma once

#include <optional>
#include <string>

#include "rules/common.hpp"

namespace shipshape::rules {

/// A rule about every namespace that holds workloads in the run. A finding points at the
/// Namespace object when the run has one, else at the first workload of the namespace, so that
/// each namespace is reported once.
class NamespaceRule : public BasicRule {
 public:
  using BasicRule::BasicRule;
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_kinds({{"", "Namespace"}}); }
  void check(const Resource& r, Context& ctx) const final;

 protected:
  /// The message when namespace `ns` (which holds workloads) of an application lacks what the
  /// rule wants; nothing when it is fine.
  [[nodiscard]] virtual std::optional<std::string> problem(std::string_view ns, std::uint32_t application,
                                                           const Index& index) const = 0;
};

}  // namespace shipshape::rules
