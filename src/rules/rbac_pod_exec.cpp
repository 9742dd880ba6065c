// rbac-pod-exec: rules that let a subject run commands in, or attach to, running pods.
#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-pod-exec",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A Role or ClusterRole rule grants create or get on pods/exec, pods/attach or nodes/proxy.",
    .applies_to = "rules of rbac.authorization.k8s.io Roles and ClusterRoles",
    .rationale =
        "exec and attach open a shell inside running containers: the holder acts with the container's "
        "identity, reads its mounted Secrets and service account token, and bypasses whatever the "
        "application itself checks. The API server authorises the websocket upgrade as get, so both "
        "verbs count. nodes/proxy reaches the kubelet's own API, which runs commands in any container of "
        "the node (and reads its pods, logs and metrics) without going through pods/exec at all.",
    .remediation =
        "Remove the grant from roles used by workloads and everyday users; keep it in a break-glass "
        "role that is bound only when needed, and audited.",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [create]
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: viewer
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods, pods/log]
    verbs: [get, list, watch]
)yaml",
    .notes =
        "RBAC matching applies: * and */exec in resources, and * in apiGroups or verbs, grant exec too. "
        "nodes/proxy counts with get or create (the kubelet maps GET and websocket requests to get, "
        "POST to create); monitoring agents that scrape the kubelet through it are reported too: "
        "prefer nodes/metrics and nodes/stats for them. "
        "Aggregated ClusterRoles are not read (see rbac-wildcard). One finding per rule entry, at the "
        "resources item that grants it.",
};

class RbacPodExec final : public BasicRule {
 public:
  RbacPodExec() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_role_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const PolicyRule& rule : policy_rules(r)) {
      for (std::string_view sub : {"pods/exec", "pods/attach", "nodes/proxy"}) {
        const auto g = grants(rule.node, "", sub, {"create", "get"});
        if (!g) continue;
        const std::size_t index = index_in(rule.node["resources"], g->resource_node);
        const bool via_wildcard = !g->resource_node.equals(sub) || g->verb_node.equals("*") ||
                                  !match_item(rule.node["apiGroups"], "").equals("");
        ctx.report(r, g->resource_node, rule.path.key("resources").index(index),
                   fmt::format("rule grants {} on {}{}{}", g->verb_node.equals("*") ? "every verb" : g->verb, sub,
                               via_wildcard ? " through a wildcard" : "",
                               sub == "nodes/proxy" ? ", the kubelet's API, which runs commands in any container of "
                                                      "the node"
                                                    : ""));
        break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_pod_exec() { return std::make_unique<RbacPodExec>(); }

}  // namespace shipshape::rules
