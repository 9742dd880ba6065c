// statefulset-service-missing: StatefulSets whose serviceName names no headless Service.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "statefulset-service-missing",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A StatefulSet's serviceName names no headless Service in the run.",
    .applies_to = "StatefulSets that set spec.serviceName",
    .rationale =
        "A StatefulSet's pods get their stable DNS names (web-0.web.shop.svc) from the headless Service "
        "its serviceName names. Without it, or with a Service that has a cluster IP, the names do not "
        "resolve and peers that find each other by name (databases, queues, consensus groups) cannot "
        "form a cluster.",
    .remediation =
        "Create a Service with clusterIP: None in the StatefulSet's namespace, named as serviceName, "
        "that selects the StatefulSet's pods.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: postgres:16
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: db
          image: postgres:16
)yaml",
    .notes =
        "Cross-resource: the Service is looked up by name in the StatefulSet's namespace among the run's "
        "objects, so a Service deployed separately is reported as missing. A Service that exists but has a "
        "cluster IP is reported with its own message. A StatefulSet without serviceName is not reported "
        "(the field is optional in recent Kubernetes versions, and the pods then simply get no per-pod DNS "
        "names).",
};

class StatefulsetServiceMissing final : public BasicRule {
 public:
  StatefulsetServiceMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"apps", "StatefulSet"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const Value name = r.spec()["serviceName"];
    if (!name.is_scalar() || name.str().empty()) return;
    const FieldPath path = FieldPath::parse("spec.serviceName");
    const Resource* svc = ctx.index().find("Service", r.ns(), name.str(), r.application());
    if (svc && !svc->group().empty()) svc = nullptr;
    if (!svc) {
      ctx.report(r, name, path,
                 fmt::format("serviceName \"{}\" names no Service in namespace \"{}\"", name.str(), r.ns()));
    } else if (!svc->spec()["clusterIP"].equals("None")) {
      ctx.report(r, name, path,
                 fmt::format("serviceName \"{}\" names a Service that is not headless (it has no clusterIP: None)",
                             name.str()));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_statefulset_service_missing() { return std::make_unique<StatefulsetServiceMissing>(); }

}  // namespace shipshape::rules
