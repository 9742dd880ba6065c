// rbac-secrets-access: rules that let a subject read Secrets.
#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-secrets-access",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A Role or ClusterRole rule grants get, list, watch or * on secrets.",
    .applies_to = "rules of rbac.authorization.k8s.io Roles and ClusterRoles",
    .rationale =
        "Reading Secrets means holding every credential they contain, including other service "
        "accounts' tokens, so it is often a step towards more privileges. list and watch return the "
        "contents of every Secret in scope, not just their names.",
    .remediation =
        "Mount the Secrets the workload needs as volumes instead of reading them through the API, or "
        "restrict the rule to the named Secrets with resourceNames (and only get).",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, list]
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [web-tls]
    verbs: [get]
)yaml",
    .notes =
        "RBAC matching applies: * in apiGroups, resources or verbs grants secrets too, and the message says "
        "when a wildcard is the reason. A rule limited by resourceNames is not reported: naming the "
        "Secrets is the narrow form this rule asks for. Aggregated ClusterRoles are not read (see "
        "rbac-wildcard). One finding per rule entry, at the resources item that covers secrets.",
};

class RbacSecretsAccess final : public BasicRule {
 public:
  RbacSecretsAccess() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_role_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const PolicyRule& rule : policy_rules(r)) {
      if (!rule.node["resourceNames"].empty()) continue;
      std::string verbs;
      Grant first{};
      for (std::string_view verb : {"get", "list", "watch"}) {
        const auto g = grants(rule.node, "", "secrets", {verb});
        if (!g) continue;
        if (!first.resource_node) first = *g;
        verbs += fmt::format("{}{}", verbs.empty() ? "" : ", ", verb);
      }
      if (!first.resource_node) continue;
      const bool via_wildcard = !first.resource_node.equals("secrets") || first.verb_node.equals("*") ||
                                !match_item(rule.node["apiGroups"], "").equals("");
      if (first.verb_node.equals("*")) verbs = "every verb";
      std::size_t index = 0;
      for (Value item : rule.node["resources"].items()) {
        if (item.same_node(first.resource_node)) break;
        ++index;
      }
      ctx.report(r, first.resource_node, rule.path.key("resources").index(index),
                 fmt::format("rule grants {} on secrets{}", verbs, via_wildcard ? " through a wildcard" : ""));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_secrets_access() { return std::make_unique<RbacSecretsAccess>(); }

}  // namespace shipshape::rules
