// default-service-account: pods that run as their namespace's default ServiceAccount.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "default-service-account",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::info,
    .enabled = true,
    .summary = "A pod runs as the default ServiceAccount (serviceAccountName unset or default).",
    .applies_to = "the pod spec of every workload",
    .rationale =
        "Every pod of a namespace that names no ServiceAccount shares the default one. Whatever is "
        "granted to it, for one workload's sake, is granted to all of them, and audit logs cannot tell "
        "the workloads apart.",
    .remediation =
        "Create a ServiceAccount for the workload and set serviceAccountName; grant roles to that "
        "account only.",
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
  serviceAccountName: web
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .notes =
        "The deprecated serviceAccount field is read when serviceAccountName is absent. A pod that sets "
        "automountServiceAccountToken: false is not reported: it holds no credential, so sharing the "
        "account costs nothing.",
};

class DefaultServiceAccount final : public BasicRule {
 public:
  DefaultServiceAccount() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value spec = r.pod().spec;
    if (spec["automountServiceAccountToken"].is_false()) return;
    const FieldPath base = FieldPath::parse(r.pod().spec_path);
    for (std::string_view field : {"serviceAccountName", "serviceAccount"}) {
      const Value v = spec[field];
      if (!v.is_scalar() || v.str().empty()) continue;
      if (v.equals("default")) {
        ctx.report(r, v, base.key(field), "the pod runs as the default ServiceAccount");
      }
      return;
    }
    ctx.report(r, spec, base, "the pod names no ServiceAccount, so it runs as the default one");
  }
};

}  // namespace

std::unique_ptr<Rule> make_default_service_account() { return std::make_unique<DefaultServiceAccount>(); }

}  // namespace shipshape::rules
