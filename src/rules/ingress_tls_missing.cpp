// ingress-tls-missing: Ingresses that serve plain HTTP only.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "ingress-tls-missing",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::info,
    .enabled = true,
    .summary = "An Ingress has no tls section.",
    .applies_to = "Ingresses",
    .rationale =
        "Without TLS, requests and responses, cookies and credentials included, cross the network in "
        "clear text and can be read or altered on the way.",
    .remediation =
        "Add a tls section naming the hosts and the Secret that holds their certificate (cert-manager "
        "can issue and renew it).",
    .bad_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
)yaml",
    .good_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
)yaml",
    .notes =
        "An empty tls list counts as missing. TLS terminated before the Ingress (at a cloud load balancer, "
        "configured by annotations) cannot be seen here; suppress the rule for such Ingresses.",
};

class IngressTlsMissing final : public BasicRule {
 public:
  IngressTlsMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return ingress_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.spec()["tls"].empty()) return;
    const Value tls = r.spec()["tls"];
    if (tls) {
      ctx.report(r, tls, FieldPath::parse("spec.tls"), "the Ingress has an empty tls section");
    } else {
      ctx.report(r, r.spec() ? r.spec() : r.root(), FieldPath::parse("spec"), "the Ingress has no tls section");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ingress_tls_missing() { return std::make_unique<IngressTlsMissing>(); }

}  // namespace shipshape::rules
