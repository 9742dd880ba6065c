// Shared logic of the RBAC rules: which objects hold policy rules, and RBAC's matching.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {

inline constexpr std::string_view kRbacGroup = "rbac.authorization.k8s.io";

/// Roles and ClusterRoles of the RBAC API.
[[nodiscard]] inline Scope rbac_role_scope() {
  return Scope::kinds({{std::string(kRbacGroup), "Role"}, {std::string(kRbacGroup), "ClusterRole"}});
}
/// Whether `r` is a RoleBinding or ClusterRoleBinding of the RBAC API.
[[nodiscard]] inline bool is_rbac_binding(const Resource& r) {
  return r.group() == kRbacGroup && (r.kind() == "RoleBinding" || r.kind() == "ClusterRoleBinding");
}
/// The scope of the binding rules: the kinds is_rbac_binding accepts.
[[nodiscard]] inline Scope rbac_binding_scope() {
  return Scope::kinds({{std::string(kRbacGroup), "RoleBinding"}, {std::string(kRbacGroup), "ClusterRoleBinding"}});
}

/// Whether a ClusterRole is aggregated: its `rules` are filled in by the controller from the
/// ClusterRoles its aggregationRule selects, so the rules written in it do not count.
[[nodiscard]] inline bool is_aggregated(const Resource& role) {
  return role.kind() == "ClusterRole" && role.root()["aggregationRule"].is_mapping();
}

/// One entry of a role's `rules`.
struct PolicyRule {
  Value node;
  FieldPath path;  // rules[i]
};
/// The rules of a Role or ClusterRole; none for an aggregated ClusterRole.
[[nodiscard]] std::vector<PolicyRule> policy_rules(const Resource& role);

/// The item of `list` that grants `wanted` under RBAC matching: the exact value or `*`.
/// Absent when none does.
[[nodiscard]] Value match_item(Value list, std::string_view wanted);
/// The item of a rule's `resources` that covers `resource` (`pods`, or `pods/exec` for a
/// subresource): the exact name, `*`, or `*/exec` for a subresource. Absent when none does.
[[nodiscard]] Value match_resource(Value resources, std::string_view resource);

/// The first verb of `verbs` (in that order) that the rule grants on `group`/`resource`,
/// with the node of the `verbs` item that grants it.
struct Grant {
  std::string_view verb;
  Value verb_node;
  Value resource_node;
};
[[nodiscard]] std::optional<Grant> grants(Value rule, std::string_view group, std::string_view resource,
                                          std::initializer_list<std::string_view> verbs);

}  // namespace shipshape::rules
