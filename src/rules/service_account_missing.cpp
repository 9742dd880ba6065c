// service-account-missing: pods that run as a ServiceAccount the run does not define.
#include <algorithm>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "service-account-missing",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A pod names a ServiceAccount (serviceAccountName) that is not in the run.",
    .applies_to = "the pod spec of every workload",
    .rationale =
        "The API server refuses to create a pod whose ServiceAccount does not exist: a Deployment or "
        "Job then creates no pods at all, and the error only shows in the events of its ReplicaSet or "
        "Job. Checking the name against the manifests catches typos and forgotten accounts before "
        "deployment.",
    .remediation = "Add the ServiceAccount to the manifests, or fix the name in the pod template.",
    .bad_example = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
)",
    .good_example = R"(apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
)",
    .options = {{"runtime-objects", OptionType::string_list, "[]",
                 "names of ServiceAccounts that the platform creates in namespaces at run time (OpenShift's "
                 "`builder` and `deployer`, say); references to them are not checked"}},
    .notes =
        "Optional, like config-ref-missing: ServiceAccounts are often created outside the manifests (by "
        "the platform, an operator, or infrastructure tooling that also sets up cloud identities), and "
        "the rule can only see what the run contains, in the workload's own namespace. The account is "
        "serviceAccountName, or the deprecated serviceAccount when serviceAccountName is unset; `default` "
        "is never reported, since Kubernetes creates it in every namespace, and neither are the names in "
        "`runtime-objects`.",
};

class ServiceAccountMissing final : public BasicRule {
 public:
  ServiceAccountMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }
  void configure(const Options& options) override { runtime_ = options.get_list("runtime-objects"); }

  void check(const Resource& r, Context& ctx) const override {
    const Value spec = r.pod().spec;
    std::string_view field = "serviceAccountName";
    Value name = spec[field];
    if (!name.is_scalar() || name.str().empty()) {
      field = "serviceAccount";
      name = spec[field];
    }
    if (!name.is_scalar() || name.str().empty() || name.equals("default")) return;
    if (std::find(runtime_.begin(), runtime_.end(), name.str()) != runtime_.end()) return;
    if (ctx.index().find("ServiceAccount", r.ns(), name.str(), r.application())) return;
    ctx.report(r, name, FieldPath::parse(r.pod().spec_path).key(field),
               fmt::format("ServiceAccount \"{}\" is not in namespace \"{}\" of this run", name.str(), r.ns()));
  }

 private:
  std::vector<std::string> runtime_;
};

}  // namespace

std::unique_ptr<Rule> make_service_account_missing() { return std::make_unique<ServiceAccountMissing>(); }

}  // namespace shipshape::rules
