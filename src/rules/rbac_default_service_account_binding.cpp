// rbac-default-service-account-binding: roles granted to a namespace's default ServiceAccount.
#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-default-service-account-binding",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A RoleBinding or ClusterRoleBinding grants a role to a namespace's `default` ServiceAccount.",
    .applies_to = "subjects of rbac.authorization.k8s.io RoleBindings and ClusterRoleBindings",
    .rationale =
        "Every pod of the namespace that names no ServiceAccount runs as `default`. Rights granted to it "
        "are granted to all of those pods, including ones added later for unrelated purposes, and the "
        "binding no longer says which workload needs them.",
    .remediation =
        "Create a ServiceAccount for the workload that needs the rights, bind the role to it, and set "
        "serviceAccountName in that workload's pod template.",
    .bad_example = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config-reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-reader
subjects:
  - kind: ServiceAccount
    name: default
    namespace: shop
)",
    .good_example = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config-reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-reader
subjects:
  - kind: ServiceAccount
    name: catalog
    namespace: shop
)",
    .notes =
        "A subject counts when it is a ServiceAccount named `default` (in the subject's namespace, or "
        "the RoleBinding's when the subject sets none) or the User `system:serviceaccount:<namespace>:default`. "
        "Reported at each such subject's name, whatever the role: even a narrow role given to "
        "`default` reaches every pod that does not choose an account. Groups such as "
        "`system:serviceaccounts` are not reported here (they include far more than the default "
        "accounts; rbac-anonymous-subject covers the widest groups).",
};

class RbacDefaultServiceAccountBinding final : public BasicRule {
 public:
  RbacDefaultServiceAccountBinding() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_binding_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value role = r.root()["roleRef"]["name"];
    std::size_t i = 0;
    for (Value subject : r.root()["subjects"].items()) {
      const std::size_t index = i++;
      const Value name = subject["name"];
      std::string_view ns;
      if (subject["kind"].equals("ServiceAccount") && name.equals("default")) {
        ns = subject["namespace"].str().empty() ? std::string_view(r.ns()) : subject["namespace"].str();
      } else if (subject["kind"].equals("User") && name.str().starts_with("system:serviceaccount:") &&
                 name.str().ends_with(":default")) {
        const std::string_view rest = name.str().substr(22);
        ns = rest.substr(0, rest.size() - 8);
        if (ns.empty() || ns.find(':') != std::string_view::npos) continue;
      } else {
        continue;
      }
      ctx.report(r, name, FieldPath::parse("subjects").index(index).key("name"),
                 fmt::format("the binding grants {} \"{}\" to the default ServiceAccount{}, and so to every pod "
                             "there that names no ServiceAccount",
                             role ? "role" : "its role", role.str(),
                             ns.empty() ? std::string{} : fmt::format(" of namespace \"{}\"", ns)));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_default_service_account_binding() {
  return std::make_unique<RbacDefaultServiceAccountBinding>();
}

}  // namespace shipshape::rules
