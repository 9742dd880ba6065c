// ingress-backend-missing: Ingress and Gateway API route backends that name no Service (or port) of the run.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "ingress-backend-missing",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::warning,
    .enabled = false,
    .summary =
        "An Ingress or Gateway API route sends traffic to a Service that is not in the run, or to a port "
        "that Service does not have.",
    .applies_to =
        "backends of Ingresses (networking.k8s.io, extensions) and backendRefs of Gateway API HTTPRoutes, "
        "GRPCRoutes, TLSRoutes, TCPRoutes and UDPRoutes",
    .rationale =
        "A route whose backend Service or port does not exist answers every request with an error (503 "
        "or 404, depending on the controller), and nothing in the API server's validation stops it. A "
        "renamed Service or a changed port number is enough, and the mistake only shows once traffic "
        "arrives.",
    .remediation =
        "Point the backend at a Service of the route's namespace (or the namespace its backendRef "
        "names) and at one of that Service's ports, by number or by name, or add the missing Service.",
    .bad_example = R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port: {number: 80}
)",
    .good_example = R"(apiVersion: v1
kind: Service
metadata:
  name: storefront
spec:
  selector: {app: storefront}
  ports:
    - {name: http, port: 80, targetPort: 8080}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: storefront
                port: {number: 80}
)",
    .notes =
        "Optional: the rule needs the whole application in the run, since it can only conclude that a "
        "Service is missing from what the run contains. Ingress backends are `defaultBackend` and every "
        "path's backend (`service.name` and `service.port.number` or `.name`; in the older API versions "
        "`serviceName` and `servicePort`); `resource` backends are not checked. Gateway API routes "
        "count in any API version; a backendRef is checked when it refers to a core Service (no group "
        "and kind Service, the defaults), in its `namespace` or else the route's own. A port is "
        "checked only when the Service is in the run, lists ports and is not of type ExternalName. "
        "Every reference is reported at its own name or port field.",
};

class IngressBackendMissing final : public BasicRule {
 public:
  IngressBackendMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override {
    return ingress_scope().with_kinds({{"gateway.networking.k8s.io", "HTTPRoute"},
                                       {"gateway.networking.k8s.io", "GRPCRoute"},
                                       {"gateway.networking.k8s.io", "TLSRoute"},
                                       {"gateway.networking.k8s.io", "TCPRoute"},
                                       {"gateway.networking.k8s.io", "UDPRoute"}});
  }

  void check(const Resource& r, Context& ctx) const override {
    if (is_ingress(r)) {
      check_ingress_backend(r, ctx, r.spec()["defaultBackend"], FieldPath::parse("spec.defaultBackend"));
      check_ingress_backend(r, ctx, r.spec()["backend"], FieldPath::parse("spec.backend"));
      std::size_t i = 0;
      for (Value rule : r.spec()["rules"].items()) {
        const FieldPath paths = FieldPath::parse("spec.rules").index(i++).key("http").key("paths");
        std::size_t j = 0;
        for (Value p : rule["http"]["paths"].items()) {
          check_ingress_backend(r, ctx, p["backend"], paths.index(j++).key("backend"));
        }
      }
      return;
    }
    if (r.group() != "gateway.networking.k8s.io") return;
    std::size_t i = 0;
    for (Value rule : r.spec()["rules"].items()) {
      const FieldPath refs = FieldPath::parse("spec.rules").index(i++).key("backendRefs");
      std::size_t j = 0;
      for (Value ref : rule["backendRefs"].items()) {
        const FieldPath at = refs.index(j++);
        const Value group = ref["group"];
        const Value kind = ref["kind"];
        if (!group.str().empty() || (kind && !kind.equals("Service"))) continue;
        const std::string_view ns = ref["namespace"].str().empty() ? std::string_view(r.ns()) : ref["namespace"].str();
        check_reference(r, ctx, ns, ref["name"], at.key("name"), ref["port"], at.key("port"));
      }
    }
  }

 private:
  static void check_ingress_backend(const Resource& r, Context& ctx, Value backend, const FieldPath& path) {
    if (!backend.is_mapping()) return;
    if (const Value service = backend["service"]; service.is_mapping()) {
      const Value port = service["port"];
      const bool by_name = !port["number"] && port["name"];
      check_reference(r, ctx, r.ns(), service["name"], path.key("service").key("name"),
                      by_name ? port["name"] : port["number"],
                      path.key("service").key("port").key(by_name ? "name" : "number"));
    } else if (backend["serviceName"]) {
      check_reference(r, ctx, r.ns(), backend["serviceName"], path.key("serviceName"), backend["servicePort"],
                      path.key("servicePort"));
    }
  }

  static void check_reference(const Resource& r, Context& ctx, std::string_view ns, Value name,
                              const FieldPath& name_path, Value port, const FieldPath& port_path) {
    if (!name.is_scalar() || name.str().empty()) return;
    const Resource* service = ctx.index().find("Service", ns, name.str(), r.application());
    if (!service || !service->group().empty()) {
      ctx.report(r, name, name_path,
                 fmt::format("backend Service \"{}\" is not in namespace \"{}\" of this run", name.str(), ns));
      return;
    }
    if (!port.is_scalar() || port.str().empty()) return;
    const Value ports = service->spec()["ports"];
    if (ports.empty() || service->spec()["type"].equals("ExternalName")) return;
    const bool by_number = port.scalar_type() == ScalarType::integer;
    for (Value p : ports.items()) {
      if (by_number ? p["port"].str() == port.str() : p["name"].equals(port.str())) return;
    }
    ctx.report(r, port, port_path,
               by_number ? fmt::format("backend Service \"{}\" has no port {}", name.str(), port.str())
                         : fmt::format("backend Service \"{}\" has no port named \"{}\"", name.str(), port.str()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ingress_backend_missing() { return std::make_unique<IngressBackendMissing>(); }

}  // namespace shipshape::rules
