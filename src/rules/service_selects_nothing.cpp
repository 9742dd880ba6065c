// service-selects-nothing: Services whose selector matches no workload in their namespace.
#include "rules/selectors.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "service-selects-nothing",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A Service with a selector matches no workload in its namespace.",
    .applies_to = "Services with a non-empty selector",
    .rationale =
        "A Service whose selector matches no pod has no endpoints: clients get connection refused or "
        "time out. It is nearly always a label typo or a label changed on one side only.",
    .remediation = "Make the selector match the pod template labels of the workload it should serve.",
    .bad_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: wbe}
  ports: [{port: 80, targetPort: 8080}]
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
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
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
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .notes =
        "Cross-resource: only the run's workloads in the Service's namespace are considered, so pods created "
        "by an operator from a custom resource, or deployed from another repository, do not count and "
        "their Services are reported; suppress the rule for those. A Service without a selector (its "
        "endpoints are managed separately) and an ExternalName Service are skipped. Labels that controllers "
        "add to the pods they create (statefulset.kubernetes.io/pod-name, pod-template-hash, "
        "controller-revision-hash, job-name...) are taken into account, so a Service for one StatefulSet "
        "pod is not reported. Helm hooks (objects annotated `helm.sh/hook`, such as the test Pod of "
        "`helm create`) are not Service backends and do not count as selected.",
};

class ServiceSelectsNothing final : public BasicRule {
 public:
  ServiceSelectsNothing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"", "Service"}}); }

  void check(const Resource& r, Context& ctx) const override {
    if (r.spec()["type"].equals("ExternalName")) return;
    const Value selector = r.spec()["selector"];
    if (!selector.is_mapping() || selector.empty() || !ctx.index().selector_of(r)) return;
    if (!ctx.index().selected_by(r).empty()) return;
    const LabelSelector* parsed = ctx.index().selector_of(r);
    if (uses_controller_labels(*parsed) &&
        !select_with_controller_labels(ctx.index(), *parsed, r.ns(), r.application()).empty())
      return;
    ctx.report(r, selector, FieldPath::parse("spec.selector"),
               fmt::format("selector matches no workload in namespace \"{}\"", r.ns()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_service_selects_nothing() { return std::make_unique<ServiceSelectsNothing>(); }

}  // namespace shipshape::rules
