// probe-port-unknown: probes aimed at ports the container does not declare.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "probe-port-unknown",
    .section = kAppDev,
    .group = "Health checks",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A probe's named port is not declared by the container, a numeric port is not among "
        "the container's declared ports when it declares any, or the port is declared for UDP "
        "or SCTP only.",
    .applies_to = "liveness, readiness and startup probes of every workload's containers",
    .rationale =
        "A probe that targets a port nobody listens on fails forever: the pod never becomes "
        "ready, or is restarted in a loop. A named port that does not exist is rejected by the "
        "API server; a numeric one is accepted and fails at run time, typically after the "
        "container's ports were renumbered and the probe was forgotten.",
    .remediation =
        "Aim the probe at a port the container declares, preferably by name so that the two "
        "cannot drift apart.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports: [{name: http, containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /ready, port: 80}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports: [{name: http, containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /ready, port: http}
)yaml",
    .notes =
        "A container that declares no ports may still listen anywhere, so numeric probe ports "
        "are only checked against a non-empty ports list; named ports always need a declaration. "
        "httpGet, tcpSocket and grpc probes all connect over TCP, so the port must be declared for "
        "TCP (the default protocol): a probe aimed, by name or by number, at a port the container "
        "declares only with `protocol: UDP` (or SCTP) fires, since nothing accepts the kubelet's "
        "connection there. A number declared for both UDP and TCP (two entries, as DNS servers "
        "do) is fine, also when the probe names the UDP entry: the kubelet resolves the name to "
        "the number and connects over TCP.",
};

class ProbePortUnknown final : public BasicRule {
 public:
  ProbePortUnknown() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.containers()) {
      for (std::string_view probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
        for (std::string_view handler : {"httpGet", "tcpSocket", "grpc"}) {
          const Value port = c[probe][handler]["port"];
          if (!port.is_scalar()) continue;
          check_port(r, c, port, c.path().key(probe).key(handler).key("port"), probe, ctx);
        }
      }
    }
  }

 private:
  static void check_port(const Resource& r, const Container& c, Value port, const FieldPath& path,
                         std::string_view probe, Context& ctx) {
    std::string_view number = port.str();
    std::string what = fmt::format("port {}", port.str());
    if (port.scalar_type() == ScalarType::integer) {
      if (c["ports"].empty()) return;
    } else {
      const Value declared = container_port_named(c, port.str());
      if (!declared) {
        ctx.report(r, port, path,
                   fmt::format("{} of {} targets the port named \"{}\", which the container does not declare", probe,
                               c.describe(), port.str()));
        return;
      }
      number = declared["containerPort"].str();
      what = fmt::format("the port named \"{}\" ({})", port.str(), number);
    }
    switch (container_declares(c, number)) {
      case PortDeclaration::declared:
        return;
      case PortDeclaration::none:
        if (port.scalar_type() == ScalarType::integer) {
          ctx.report(
              r, port, path,
              fmt::format("{} of {} targets {}, which the container does not declare", probe, c.describe(), what));
        }
        return;
      case PortDeclaration::other_protocol:
        break;
    }
    std::string_view protocol;
    for (Value p : c["ports"].items()) {
      if (p["containerPort"].str() == number) {
        protocol = port_protocol(p);
        break;
      }
    }
    ctx.report(r, port, path,
               fmt::format("{} of {} targets {}, which the container declares for {} only: the kubelet probes over "
                           "TCP, which nothing accepts there",
                           probe, c.describe(), what, protocol));
  }
};

}  // namespace

std::unique_ptr<Rule> make_probe_port_unknown() { return std::make_unique<ProbePortUnknown>(); }

}  // namespace shipshape::rules
