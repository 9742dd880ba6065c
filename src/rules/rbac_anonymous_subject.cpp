// rbac-anonymous-subject: bindings that grant a role to anonymous or to every user.
#include <algorithm>
#include <array>

#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-anonymous-subject",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A RoleBinding or ClusterRoleBinding names system:anonymous, system:unauthenticated or "
        "system:authenticated as a subject.",
    .applies_to = "subjects of rbac.authorization.k8s.io RoleBindings and ClusterRoleBindings",
    .rationale =
        "system:anonymous and system:unauthenticated are anyone who can reach the API server without "
        "credentials; system:authenticated is every identity the cluster knows, every service account "
        "of every namespace included. A role bound to them is granted to the whole world, or close to "
        "it.",
    .remediation = "Bind the role to the specific users, groups or service accounts that need it.",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone-reads
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: system:authenticated
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: team-reads
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: team-a
)yaml",
    .notes =
        "Reported at each offending subject's name. Bindings of the roles Kubernetes itself binds to these "
        "groups (system:public-info-viewer, system:discovery, system:basic-user) and of "
        "system:service-account-issuer-discovery (which the Kubernetes documentation suggests opening to "
        "system:unauthenticated for OIDC discovery) are not reported: they only expose version, discovery "
        "and public key information and the caller's own identity.",
};

constexpr std::array<std::string_view, 3> kEveryone{"system:anonymous", "system:unauthenticated",
                                                    "system:authenticated"};
constexpr std::array<std::string_view, 4> kPublicRoles{"system:public-info-viewer", "system:discovery",
                                                       "system:basic-user", "system:service-account-issuer-discovery"};

class RbacAnonymousSubject final : public BasicRule {
 public:
  RbacAnonymousSubject() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_binding_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value role = r.root()["roleRef"]["name"];
    for (auto public_role : kPublicRoles) {
      if (role.equals(public_role)) return;
    }
    std::size_t i = 0;
    for (Value subject : r.root()["subjects"].items()) {
      const Value name = subject["name"];
      const std::size_t index = i++;
      if (!subject["kind"].equals("Group") && !subject["kind"].equals("User")) continue;
      if (std::find(kEveryone.begin(), kEveryone.end(), name.str()) == kEveryone.end()) continue;
      const std::string_view who =
          name.equals("system:authenticated") ? "every authenticated identity" : "anonymous requests";
      ctx.report(r, name, FieldPath::parse("subjects").index(index).key("name"),
                 fmt::format("the binding grants {} \"{}\" to {} ({})", role ? "role" : "its role", role.str(), who,
                             name.str()));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_anonymous_subject() { return std::make_unique<RbacAnonymousSubject>(); }

}  // namespace shipshape::rules
