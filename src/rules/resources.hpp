// Shared logic of the container resource rules (requests, limits, quantities).
#pragma once

#include "rules/common.hpp"

namespace shipshape::rules {

/// Fires for every container (init containers included) that sets no `kind` (requests or
/// limits) for `resource`, unless Kubernetes would fill it in: a LimitRange default in the
/// namespace, or, for a request, the container's own limit.
class MissingResourceRule : public BasicRule {
 public:
  MissingResourceRule(const RuleInfo& info, std::string_view kind, std::string_view resource)
      : BasicRule(info), kind_(kind), resource_(resource) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }
  void check(const Resource& r, Context& ctx) const override;

 private:
  std::string_view kind_;
  std::string_view resource_;
};

/// The amount a container effectively requests: the request, else the limit (which
/// Kubernetes copies into a missing request). Absent when neither parses.
struct EffectiveAmount {
  Value node;
  Quantity quantity;
};
[[nodiscard]] std::optional<EffectiveAmount> effective_request(const Container& c, std::string_view resource);

}  // namespace shipshape::rules
