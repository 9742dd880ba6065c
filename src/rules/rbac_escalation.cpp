// rbac-escalation: rules that let a subject raise its own privileges.
#include <algorithm>
#include <array>
#include <vector>

#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-escalation",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A Role or ClusterRole rule grants escalate, bind or impersonate, or write access to roles, role "
        "bindings or serviceaccounts/token.",
    .applies_to = "rules of rbac.authorization.k8s.io Roles and ClusterRoles",
    .rationale =
        "RBAC stops subjects from granting permissions they do not hold, except through these doors: "
        "escalate lets a subject write roles beyond its own rights, bind lets it bind any role, "
        "impersonate lets it act as any user, group or service account, writing bindings hands roles "
        "out, and creating service account tokens lets it become those accounts.",
    .remediation =
        "Remove the grant. Controllers that must manage RBAC should be limited with resourceNames to "
        "the roles they own and bound in as few namespaces as possible.",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-manager
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterrolebindings]
    verbs: [create, update]
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-viewer
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterrolebindings]
    verbs: [get, list, watch]
)yaml",
    .notes =
        "Write access means create, update or patch (delete and deletecollection take rights away rather "
        "than grant them). The verbs escalate, bind and impersonate are reported on whatever resources "
        "they are granted; RBAC matching applies, so * in verbs, resources or apiGroups counts. "
        "resourceNames do not silence the rule: binding even one powerful role is an escalation, so "
        "review and suppress such grants explicitly. Aggregated ClusterRoles are not read (see "
        "rbac-wildcard). One finding per rule entry, at the verb that grants it.",
};

struct Door {
  std::string_view group;
  std::string_view resource;
  std::array<std::string_view, 5> verbs;  // empty entries unused
};

const Door kDoors[] = {
    {"rbac.authorization.k8s.io", "clusterroles", {"escalate", "bind", "create", "update", "patch"}},
    {"rbac.authorization.k8s.io", "roles", {"escalate", "bind", "create", "update", "patch"}},
    {"rbac.authorization.k8s.io", "clusterrolebindings", {"create", "update", "patch"}},
    {"rbac.authorization.k8s.io", "rolebindings", {"create", "update", "patch"}},
    {"", "serviceaccounts/token", {"create"}},
    {"", "users", {"impersonate"}},
    {"", "groups", {"impersonate"}},
    {"", "serviceaccounts", {"impersonate"}},
    {"authentication.k8s.io", "userextras", {"impersonate"}},
    {"authentication.k8s.io", "uids", {"impersonate"}},
};

class RbacEscalation final : public BasicRule {
 public:
  RbacEscalation() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_role_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const PolicyRule& rule : policy_rules(r)) {
      std::vector<std::string> what;
      Value at;
      for (const Door& door : kDoors) {
        std::optional<Grant> g;
        for (std::string_view verb : door.verbs) {
          if (!verb.empty() && (g = grants(rule.node, door.group, door.resource, {verb}))) break;
        }
        if (!g) continue;
        if (!at) at = g->verb_node;
        what.push_back(fmt::format("{} on {}", g->verb_node.equals("*") ? "every verb" : g->verb, door.resource));
      }
      // The escalation verbs count on any resource, even ones outside the table above.
      if (what.empty()) {
        for (Value verb : rule.node["verbs"].items()) {
          if (verb.equals("escalate") || verb.equals("bind") || verb.equals("impersonate")) {
            at = verb;
            what.push_back(fmt::format("{}", verb.str()));
            break;
          }
        }
      }
      if (what.empty()) continue;
      std::size_t index = 0;
      for (Value item : rule.node["verbs"].items()) {
        if (item.same_node(at)) break;
        ++index;
      }
      std::string list;
      const std::size_t shown = std::min<std::size_t>(what.size(), 3);
      for (std::size_t i = 0; i < shown; ++i) list += fmt::format("{}{}", i == 0 ? "" : ", ", what[i]);
      if (what.size() > shown) list += fmt::format(" and {} more", what.size() - shown);
      ctx.report(r, at, rule.path.key("verbs").index(index),
                 fmt::format("rule grants {}, a path to privilege escalation", list));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_escalation() { return std::make_unique<RbacEscalation>(); }

}  // namespace shipshape::rules
