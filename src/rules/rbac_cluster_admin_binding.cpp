// rbac-cluster-admin-binding: bindings that hand out the cluster-admin role.
#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-cluster-admin-binding",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole.",
    .applies_to = "rbac.authorization.k8s.io RoleBindings and ClusterRoleBindings",
    .rationale =
        "cluster-admin allows every action on every resource. Bound cluster-wide it owns the cluster; "
        "bound in a namespace it still owns everything there, Secrets, RBAC and all. A workload or "
        "person holding it turns any mistake or compromise into a cluster-wide one.",
    .remediation =
        "Bind a role that grants only what the subject needs; for people, prefer the built-in admin, "
        "edit or view roles in the namespaces they work in.",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
)yaml",
    .notes =
        "Reported at roleRef.name. Only the built-in role's name is recognised; a custom role that grants "
        "everything is rbac-wildcard's business.",
};

class RbacClusterAdminBinding final : public BasicRule {
 public:
  RbacClusterAdminBinding() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_binding_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value ref = r.root()["roleRef"];
    const Value name = ref["name"];
    if (!name.equals("cluster-admin") || !ref["kind"].equals("ClusterRole")) return;
    ctx.report(r, name, FieldPath::parse("roleRef.name"),
               r.kind() == "ClusterRoleBinding"
                   ? std::string("the binding grants cluster-admin over the whole cluster")
                   : fmt::format("the binding grants cluster-admin over namespace \"{}\"", r.ns()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_cluster_admin_binding() { return std::make_unique<RbacClusterAdminBinding>(); }

}  // namespace shipshape::rules
