// Helpers shared by the application-development rules: workload families, kind filters, JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {

/// Deployment (apps or extensions), argoproj.io Rollout or apps.openshift.io DeploymentConfig:
/// controllers that run interchangeable replicas and roll them over on change.
[[nodiscard]] bool is_deployment_like(const Resource& r) noexcept;
/// A StatefulSet (apps).
[[nodiscard]] bool is_statefulset(const Resource& r) noexcept;
/// A ReplicaSet (apps or extensions) or a ReplicationController.
[[nodiscard]] bool is_replicaset_like(const Resource& r) noexcept;
/// A DaemonSet (apps or extensions).
[[nodiscard]] bool is_daemonset(const Resource& r) noexcept;
/// A deployment-like workload or a StatefulSet: the controllers whose pods are replicas of one
/// another, which the disruption-budget, spreading and autoscaling rules are about.
[[nodiscard]] bool is_replicated_controller(const Resource& r) noexcept;
/// The scope of those rules: the kinds of the controllers above, in any API group (the rules
/// check the group with is_replicated_controller).
[[nodiscard]] Scope replicated_controller_scope();

/// The JSON text of a document node: scalars typed the way YAML resolves them, mappings and
/// sequences recursively.
[[nodiscard]] std::string to_json(Value v);

/// Which objects a rule looks at, from a `kinds` option: kind names (any API group),
/// `workloads` for every object with a pod template, `*` for every object.
class KindFilter {
 public:
  KindFilter() = default;
  explicit KindFilter(std::vector<std::string> entries);
  [[nodiscard]] bool matches(const Resource& r) const noexcept;

 private:
  std::vector<std::string> kinds_;
  bool workloads_ = false;
  bool everything_ = false;
};

/// A comma-separated list of quoted keys for messages: `"a", "b"`.
[[nodiscard]] std::string quoted_list(const std::vector<std::string_view>& items);

}  // namespace shipshape::rules
