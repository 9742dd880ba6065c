// rbac-wildcard: Role and ClusterRole rules that use `*` for API groups, resources or verbs.
#include <vector>

#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-wildcard",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A Role or ClusterRole rule uses * in apiGroups, resources or verbs (an aggregated ClusterRole, "
        "whose rules cannot be resolved statically, is reported as info).",
    .applies_to = "rules of rbac.authorization.k8s.io Roles and ClusterRoles",
    .rationale =
        "A wildcard grants more than anyone reviewed: every verb includes escalate, bind and "
        "impersonate, every resource includes secrets and pods/exec, and both include whatever "
        "resources and verbs are added to the cluster later, custom resources included.",
    .remediation =
        "List the API groups, resources and verbs the subject actually uses; kubectl auth can-i --list "
        "and the audit log show what that is.",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: ["*"]
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, watch, update, patch]
)yaml",
    .notes =
        "One finding per rule entry, at its first wildcard, naming every field that holds one. A resource "
        "of the form */scale (a subresource of every resource) is a wildcard too; pods/* is not (RBAC "
        "reads it literally, so it grants nothing). nonResourceURLs are not checked. An aggregated "
        "ClusterRole (one with an aggregationRule) gets its rules from the ClusterRoles whose labels its "
        "selectors match, in the whole cluster, so what it grants cannot be known from the manifests: it "
        "is reported once, as info, at its aggregationRule, and the rules written inside it are ignored "
        "as the API server overwrites them. The ClusterRoles it aggregates are checked where they are "
        "defined.",
};

bool wildcard(Value item) { return item.equals("*") || item.str().substr(0, 2) == "*/"; }

class RbacWildcard final : public BasicRule {
 public:
  RbacWildcard() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_role_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    if (is_aggregated(r)) {
      ctx.report(r, r.root()["aggregationRule"], FieldPath::parse("aggregationRule"),
                 "the ClusterRole aggregates the rules of the ClusterRoles its aggregationRule selects; what it "
                 "grants depends on the cluster and cannot be checked statically",
                 {}, Severity::info);
      return;
    }
    for (const PolicyRule& rule : policy_rules(r)) {
      std::vector<std::string_view> fields;
      Value first;
      FieldPath first_path;
      for (std::string_view field : {"apiGroups", "resources", "verbs"}) {
        std::size_t i = 0;
        for (Value item : rule.node[field].items()) {
          if (wildcard(item)) {
            fields.push_back(field);
            if (!first) {
              first = item;
              first_path = rule.path.key(field).index(i);
            }
            break;
          }
          ++i;
        }
      }
      if (fields.empty()) continue;
      std::string list;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        list += i == 0 ? "" : i + 1 == fields.size() ? " and " : ", ";
        list += fields[i];
      }
      ctx.report(r, first, first_path, fmt::format("rule uses a wildcard in {}", list));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_wildcard() { return std::make_unique<RbacWildcard>(); }

}  // namespace shipshape::rules
