// Helpers shared by the application-development rules: workload families, kind filters, JSON.
#pragma once

#include <cstdint>
#include <optional>
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
/// The effective replicas of a replicated controller that runs more than one; nothing for a
/// single replica, for other objects and for fragments.
[[nodiscard]] std::optional<std::int64_t> replicas_above_one(const Resource& r, const Index& index);
/// The kinds of deployment-like controllers, each in its API group.
[[nodiscard]] Scope deployment_like_scope();
/// The kinds of replicated controllers (deployment-like ones and StatefulSets); the rules still
/// call is_replicated_controller, which also leaves out fragments.
[[nodiscard]] Scope replicated_controller_scope();
/// `scope` plus the ReplicaSet-like kinds.
[[nodiscard]] Scope with_replicaset_like(Scope scope);

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
