// Helpers shared by the application-development rules.
#include "rules/appdev.hpp"

#include <algorithm>
#include <cmath>

namespace shipshape::rules {

bool is_deployment_like(const Resource& r) noexcept {
  const auto kind = r.kind();
  const auto group = r.group();
  return (kind == "Deployment" && (group == "apps" || group == "extensions")) ||
         (kind == "Rollout" && group == "argoproj.io") || (kind == "DeploymentConfig" && group == "apps.openshift.io");
}

bool is_statefulset(const Resource& r) noexcept { return r.kind() == "StatefulSet" && r.group() == "apps"; }

bool is_replicated_controller(const Resource& r) noexcept {
  return r.is_workload() && (is_deployment_like(r) || is_statefulset(r));
}

std::optional<std::int64_t> replicas_above_one(const Resource& r, const Index& index) {
  if (!is_replicated_controller(r)) return std::nullopt;
  const std::int64_t replicas = index.effective_replicas(r);
  if (replicas <= 1) return std::nullopt;
  return replicas;
}

Scope deployment_like_scope() {
  return Scope::kinds({{"apps", "Deployment"},
                       {"extensions", "Deployment"},
                       {"argoproj.io", "Rollout"},
                       {"apps.openshift.io", "DeploymentConfig"}});
}

Scope replicated_controller_scope() { return deployment_like_scope().with_kinds({{"apps", "StatefulSet"}}); }

Scope with_replicaset_like(Scope scope) {
  return std::move(scope).with_kinds(
      {{"apps", "ReplicaSet"}, {"extensions", "ReplicaSet"}, {"", "ReplicationController"}});
}

bool is_replicaset_like(const Resource& r) noexcept {
  return (r.kind() == "ReplicaSet" && (r.group() == "apps" || r.group() == "extensions")) ||
         (r.kind() == "ReplicationController" && r.group().empty());
}

bool is_daemonset(const Resource& r) noexcept {
  return r.kind() == "DaemonSet" && (r.group() == "apps" || r.group() == "extensions");
}

std::string to_json(Value v) {
  switch (v.kind()) {
    case NodeKind::null:
      return "null";
    case NodeKind::mapping: {
      std::string out = "{";
      bool first = true;
      for (const Entry e : v.entries()) {
        if (!first) out += ',';
        first = false;
        out += json_quote(e.key.str());
        out += ':';
        out += to_json(e.value);
      }
      return out + "}";
    }
    case NodeKind::sequence: {
      std::string out = "[";
      bool first = true;
      for (Value item : v.items()) {
        if (!first) out += ',';
        first = false;
        out += to_json(item);
      }
      return out + "]";
    }
    case NodeKind::scalar:
      break;
  }
  switch (v.scalar_type()) {
    case ScalarType::null:
      return "null";
    case ScalarType::boolean:
      return v.is_true() ? "true" : "false";
    case ScalarType::integer:
      if (auto i = v.as_int()) return std::to_string(*i);
      break;
    case ScalarType::floating:
      if (auto d = v.as_double(); d && std::isfinite(*d)) return fmt::format("{}", *d);
      break;
    case ScalarType::string:
      break;
  }
  return json_quote(v.str());
}

KindFilter::KindFilter(std::vector<std::string> entries) {
  for (auto& e : entries) {
    if (e == "*") {
      everything_ = true;
    } else if (e == "workloads") {
      workloads_ = true;
    } else {
      kinds_.push_back(std::move(e));
    }
  }
}

bool KindFilter::matches(const Resource& r) const noexcept {
  if (r.is_configuration()) return false;  // configuration files carry no labels
  if (everything_) return true;
  if (workloads_ && r.is_workload()) return true;
  return std::find(kinds_.begin(), kinds_.end(), r.kind()) != kinds_.end();
}

std::string quoted_list(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", item);
  }
  return out;
}

}  // namespace shipshape::rules
