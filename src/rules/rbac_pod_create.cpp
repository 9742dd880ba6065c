// rbac-pod-create: rules that let a subject create pods, and so use every Secret and account of a namespace.
#include <algorithm>
#include <vector>

#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-pod-create",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::info,
    .enabled = true,
    .summary =
        "A Role or ClusterRole rule grants create on pods or on a workload resource that creates pods "
        "(Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers).",
    .applies_to = "rules of rbac.authorization.k8s.io Roles and ClusterRoles",
    .rationale =
        "Whoever can create a pod in a namespace chooses what runs in it: the pod may name any "
        "ServiceAccount of the namespace and act with its rights, mount any Secret or ConfigMap of the "
        "namespace, and use whatever node access the namespace's admission policy lets through. "
        "Creating a Deployment or a Job is the same power one step removed. The grant is often "
        "needed; it should be known and limited.",
    .remediation =
        "Keep the grant to the subjects that deploy workloads (CI, operators, release tooling), bind it "
        "in as few namespaces as possible, and enforce Pod Security Admission (restricted or baseline) "
        "in those namespaces.",
    .bad_example = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: job-runner
  namespace: shop
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [create, get, list]
)",
    .good_example = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: job-viewer
  namespace: shop
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [get, list, watch]
)",
    .notes =
        "Info: an inventory of who can run code with the namespace's Secrets and accounts, not a "
        "mistake in itself. RBAC matching applies, so `*` in apiGroups, resources or verbs counts (and "
        "rbac-wildcard reports it too). Only `create` is reported: changing an existing workload's pod "
        "template (update, patch) is as powerful and is common in deployment tooling, but it is not "
        "reported here. extensions-group workload resources count as their apps equivalents. "
        "Aggregated ClusterRoles are not read (see rbac-wildcard). One finding per rule entry, at the "
        "first resources item that grants it, naming up to three resources.",
};

struct PodMaker {
  std::string_view group;
  std::string_view resource;
};

const PodMaker kPodMakers[] = {
    {"", "pods"},
    {"", "replicationcontrollers"},
    {"apps", "deployments"},
    {"apps", "replicasets"},
    {"apps", "statefulsets"},
    {"apps", "daemonsets"},
    {"batch", "jobs"},
    {"batch", "cronjobs"},
    {"extensions", "deployments"},
    {"extensions", "replicasets"},
    {"extensions", "daemonsets"},
};

class RbacPodCreate final : public BasicRule {
 public:
  RbacPodCreate() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_role_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const PolicyRule& rule : policy_rules(r)) {
      std::vector<std::string> what;
      Value at;
      for (const PodMaker& maker : kPodMakers) {
        const auto g = grants(rule.node, maker.group, maker.resource, {"create"});
        if (!g) continue;
        if (!at) at = g->resource_node;
        if (std::find(what.begin(), what.end(), maker.resource) == what.end()) what.emplace_back(maker.resource);
      }
      if (what.empty()) continue;
      ctx.report(r, at, rule.path.key("resources").index(index_in(rule.node["resources"], at)),
                 fmt::format("rule grants create on {}: its holders can run pods as any ServiceAccount and with any "
                             "Secret of the namespace{}",
                             short_list(what), r.kind() == "ClusterRole" ? "s it is bound in" : ""));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_pod_create() { return std::make_unique<RbacPodCreate>(); }

}  // namespace shipshape::rules
