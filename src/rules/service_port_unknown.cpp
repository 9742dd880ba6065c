// service-port-unknown: Service target ports named after no port of the selected pods.
#include <algorithm>
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "service-port-unknown",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A Service's named targetPort is not a port name of the pods it selects.",
    .applies_to = "Services with a selector and named target ports",
    .rationale =
        "A named targetPort is resolved in each selected pod. A pod without a port of that name gets no "
        "endpoint for it, so the Service silently sends no traffic to it, or none at all when no pod "
        "has the name.",
    .remediation = "Use the exact name of a containerPort declared by the pods' containers (or a port number).",
    .bad_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
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
          ports: [{name: web, containerPort: 8080}]
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
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
          ports: [{name: http, containerPort: 8080}]
)yaml",
    .notes =
        "Cross-resource: the selected pods are the run's workloads in the Service's namespace; a Service "
        "that selects none is left to service-selects-nothing. The name is looked up in the ports of the "
        "regular and sidecar containers (init containers serve no traffic). It is an error when no selected "
        "workload declares the name (the port then has no endpoints at all) and a warning when only some "
        "lack it (their pods get no endpoint), naming them. Numeric target ports "
        "are not checked: a container may listen on a port it does not declare.",
};

class ServicePortUnknown final : public BasicRule {
 public:
  ServicePortUnknown() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"", "Service"}}); }

  void check(const Resource& r, Context& ctx) const override {
    const auto selected = ctx.index().selected_by(r);
    if (selected.empty()) return;
    std::size_t i = 0;
    for (Value port : r.spec()["ports"].items()) {
      const Value target = port["targetPort"];
      const std::size_t index = i++;
      if (!target.is_string() || target.str().empty()) continue;
      std::vector<const Resource*> lacking;
      bool declared = false;
      for (const Resource* w : selected) {
        bool found = false;
        for (const Container& c : w->containers()) found = found || container_port_named(c, target.str());
        declared = declared || found;
        const bool listed = std::any_of(lacking.begin(), lacking.end(), [&](const Resource* l) {
          return l->kind() == w->kind() && l->name() == w->name();
        });
        if (!found && !listed) lacking.push_back(w);
      }
      if (lacking.empty()) continue;
      const FieldPath path = FieldPath::parse("spec.ports").index(index).key("targetPort");
      if (!declared) {
        ctx.report(r, target, path,
                   fmt::format("targetPort \"{}\" is not a port name of any selected pod ({}), so the port has no "
                               "endpoints",
                               target.str(), describe(lacking)));
      } else {
        ctx.report(r, target, path,
                   fmt::format("targetPort \"{}\" is not a port name of {}, whose pods get no endpoint for it",
                               target.str(), describe(lacking)),
                   {}, Severity::warning);
      }
    }
  }

 private:
  static std::string describe(const std::vector<const Resource*>& workloads) {
    std::string names;
    for (std::size_t k = 0; k < workloads.size() && k < 3; ++k) {
      names += fmt::format("{}{} {}", k == 0 ? "" : ", ", workloads[k]->kind(), workloads[k]->name());
    }
    if (workloads.size() > 3) names += fmt::format(" and {} more", workloads.size() - 3);
    return names;
  }
};

}  // namespace

std::unique_ptr<Rule> make_service_port_unknown() { return std::make_unique<ServicePortUnknown>(); }

}  // namespace shipshape::rules
