// service-port-unknown: Service target ports that no port of the selected pods matches.
#include <algorithm>
#include <span>
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
    .summary =
        "A Service's named targetPort is not a port name of the pods it selects, or its numeric "
        "targetPort is not a containerPort of any of them while they declare ports.",
    .applies_to = "ports of Services with a selector",
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
        "lack it (their pods get no endpoint), naming them. A named port must also have the Service "
        "port's protocol (TCP unless set), as Kubernetes resolves names per protocol. A numeric "
        "targetPort (or, without one, the port number itself, which is then the target) is a "
        "warning when no selected pod declares that containerPort for the protocol, and only when "
        "every selected pod declares some ports: a container may listen on ports it does not "
        "declare, so a pod without a ports list, or one selected pod that has the number, settles "
        "it. Proxies and gateways (Envoy, for one) often listen on ports their configuration opens "
        "at run time and declare only their metrics port: declare the served ports, or suppress the "
        "finding on such Services. Helm hooks (objects "
        "annotated `helm.sh/hook`, such as `helm create`'s test Pod, which carries the Service's "
        "selector labels) are not Service backends: they are not among the selected pods.",
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
      const std::size_t index = i++;
      const FieldPath path = FieldPath::parse("spec.ports").index(index);
      const Value target = port["targetPort"];
      if (target.is_string() && !target.str().empty()) {
        check_named(r, ctx, selected, target, port_protocol(port), path.key("targetPort"));
      } else if (target.scalar_type() == ScalarType::integer) {
        check_number(r, ctx, selected, target, target.str(), port_protocol(port), path.key("targetPort"), false);
      } else if (!target && port["port"].scalar_type() == ScalarType::integer) {
        check_number(r, ctx, selected, port["port"], port["port"].str(), port_protocol(port), path.key("port"), true);
      }
    }
  }

 private:
  /// A named targetPort must name a port, for the Service port's protocol, in every selected pod.
  static void check_named(const Resource& r, Context& ctx, std::span<const Resource* const> selected, Value target,
                          std::string_view protocol, const FieldPath& path) {
    std::vector<const Resource*> lacking;
    bool declared = false;
    bool other_protocol = false;
    for (const Resource* w : selected) {
      bool found = false;
      for (const Container& c : w->containers()) {
        const Value p = container_port_named(c, target.str());
        if (!p) continue;
        if (port_protocol(p) == protocol) {
          found = true;
        } else {
          other_protocol = true;
        }
      }
      declared = declared || found;
      if (!found && !listed(lacking, *w)) lacking.push_back(w);
    }
    if (lacking.empty()) return;
    const std::string why =
        other_protocol ? fmt::format(" for {} (the name is declared for another protocol)", protocol) : std::string{};
    if (!declared) {
      ctx.report(r, target, path,
                 fmt::format("targetPort \"{}\" is not a port name{} of any selected pod ({}), so the port has no "
                             "endpoints",
                             target.str(), why, describe(lacking)));
    } else {
      ctx.report(r, target, path,
                 fmt::format("targetPort \"{}\" is not a port name{} of {}, whose pods get no endpoint for it",
                             target.str(), why, describe(lacking)),
                 {}, Severity::warning);
    }
  }

  /// A numeric target port that no selected pod declares, when every selected pod declares ports.
  static void check_number(const Resource& r, Context& ctx, std::span<const Resource* const> selected, Value at,
                           std::string_view number, std::string_view protocol, const FieldPath& path, bool implicit) {
    std::vector<const Resource*> lacking;
    for (const Resource* w : selected) {
      bool declares_any = false;
      for (const Container& c : w->containers()) {
        declares_any = declares_any || !c["ports"].empty();
        if (container_declares(c, number, protocol) == PortDeclaration::declared) return;
      }
      if (!declares_any) return;  // it may listen on any port
      if (!listed(lacking, *w)) lacking.push_back(w);
    }
    const std::string others =
        fmt::format("{} {} other ports", describe(lacking), lacking.size() == 1 ? "declares" : "declare");
    ctx.report(r, at, path,
               implicit ? fmt::format("the port has no targetPort, so it targets {} {}, which no selected pod "
                                      "declares: {}",
                                      protocol, number, others)
                        : fmt::format("targetPort {} ({}) is not a containerPort of any selected pod: {}", number,
                                      protocol, others),
               {}, Severity::warning);
  }

  static bool listed(const std::vector<const Resource*>& list, const Resource& w) {
    return std::any_of(list.begin(), list.end(),
                       [&](const Resource* l) { return l->kind() == w.kind() && l->name() == w.name(); });
  }

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
