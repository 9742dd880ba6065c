// service-account-token-mounted: pods that get an API token they do not appear to need.
#include <set>
#include <string>

#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "service-account-token-mounted",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A pod does not set automountServiceAccountToken: false, and neither does its ServiceAccount "
        "when the run has it.",
    .applies_to = "the pod spec of every workload, with the ServiceAccount it runs as",
    .rationale =
        "Kubernetes mounts an API token into every container unless told not to. Most applications "
        "never call the Kubernetes API, yet anyone who breaks into them finds a credential ready to "
        "use, with whatever the service account was granted, now or later.",
    .remediation =
        "Set automountServiceAccountToken: false on the pod, or on its ServiceAccount so that every "
        "pod using it is covered. Workloads that do call the API keep the token.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  automountServiceAccountToken: false
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .notes =
        "The pod's field wins over the ServiceAccount's, as in Kubernetes: true on the pod mounts the token "
        "even when the ServiceAccount says false. The ServiceAccount is the pod's serviceAccountName (or "
        "the deprecated serviceAccount), default when unset, looked up in the pod's namespace; when the run "
        "does not contain it, only the pod's field decides. A pod whose ServiceAccount is a subject of a "
        "RoleBinding or ClusterRoleBinding in the run (directly, or through the system:serviceaccounts "
        "groups) is assumed to call the API and is not reported. The fix sets the pod's field to false.",
};

class ServiceAccountTokenMounted final : public BasicRule {
 public:
  ServiceAccountTokenMounted() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void prepare(const Index& index, const RunSettings& /*settings*/) override {
    for (std::string_view kind : {"RoleBinding", "ClusterRoleBinding"}) {
      for (const Resource* b : index.of_kind(kind)) {
        if (!is_rbac_binding(*b)) continue;
        for (Value s : b->root()["subjects"].items()) {
          const std::string_view name = s["name"].str();
          if (s["kind"].equals("ServiceAccount")) {
            const std::string_view ns = s["namespace"].str().empty() ? b->ns() : s["namespace"].str();
            bound_.insert(fmt::format("{}/{}/{}", b->application(), ns, name));
          } else if (s["kind"].equals("Group") && name == "system:serviceaccounts") {
            all_bound_.insert(b->application());
          } else if (s["kind"].equals("Group") && name.substr(0, 23) == "system:serviceaccounts:") {
            bound_namespaces_.insert(fmt::format("{}/{}", b->application(), name.substr(23)));
          }
        }
      }
    }
  }

  void check(const Resource& r, Context& ctx) const override {
    const Value spec = r.pod().spec;
    const Value own = spec["automountServiceAccountToken"];
    if (own.is_false()) return;
    std::string_view account = spec["serviceAccountName"].str();
    if (account.empty()) account = spec["serviceAccount"].str();
    if (account.empty()) account = "default";
    if (all_bound_.count(r.application()) || bound_namespaces_.count(fmt::format("{}/{}", r.application(), r.ns())) ||
        bound_.count(fmt::format("{}/{}/{}", r.application(), r.ns(), account))) {
      return;  // the account holds roles: the pod presumably uses the API
    }
    const FieldPath field = FieldPath::parse(r.pod().spec_path).key("automountServiceAccountToken");
    const Fix fix = set_field(r, field, "false");
    if (own.is_true()) {
      ctx.report(r, own, field, "the pod mounts a service account token (automountServiceAccountToken: true)", fix);
      return;
    }
    const Resource* sa = ctx.index().find("ServiceAccount", r.ns(), account, r.application());
    if (sa && sa->root()["automountServiceAccountToken"].is_false()) return;
    std::string why;
    if (sa) {
      why = fmt::format("neither the pod nor ServiceAccount \"{}\" sets automountServiceAccountToken: false", account);
    } else {
      why = fmt::format(
          "the pod does not set automountServiceAccountToken: false (ServiceAccount \"{}\" is not in "
          "the run)",
          account);
    }
    ctx.report(r, spec, FieldPath::parse(r.pod().spec_path),
               fmt::format("the pod mounts a service account token: {}", why), fix);
  }

 private:
  // Within an application (Resource::application): a binding binds the accounts of its own.
  std::set<std::string, std::less<>> bound_;             // application/namespace/name of bound accounts
  std::set<std::string, std::less<>> bound_namespaces_;  // application/namespace
  std::set<std::uint32_t> all_bound_;                    // applications binding every account
};

}  // namespace

std::unique_ptr<Rule> make_service_account_token_mounted() { return std::make_unique<ServiceAccountTokenMounted>(); }

}  // namespace shipshape::rules
