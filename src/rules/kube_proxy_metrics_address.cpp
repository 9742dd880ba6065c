// kube-proxy-metrics-address: kube-proxy metrics served beyond the node.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kube-proxy-metrics-address",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "kube-proxy serves its metrics beyond the node: `--metrics-bind-address` or `metricsBindAddress` is set "
        "to an address other than loopback.",
    .applies_to = "kube-proxy flags of containers that run it, KubeProxyConfiguration objects",
    .rationale =
        "The metrics endpoint has no authentication; bound to every address it tells anyone on the network "
        "about the node's services and endpoints, and offers one more unauthenticated port to probe (CIS "
        "Kubernetes Benchmark 4.3.1).",
    .remediation =
        "Bind it to 127.0.0.1 (the default, `127.0.0.1:10249`) and let a node-local agent scrape it, or put an "
        "authenticating proxy in front.",
    .bad_example = R"(apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
)",
    .good_example = R"(apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
metricsBindAddress: 127.0.0.1:10249
)",
    .notes =
        "Only an address that is set is judged. A KubeProxyConfiguration embedded as text in a ConfigMap "
        "(as kubeadm writes it) is not read. The fix binds to 127.0.0.1 with the same port.",
};

bool loopback(std::string_view address) {
  std::string_view host = address;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(1, host.find(']') == std::string_view::npos ? host.size() : host.find(']') - 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(':') == colon) {
    host = host.substr(0, colon);
  }
  return host.substr(0, 4) == "127." || host == "localhost" || host == "::1";
}

std::string port_of(std::string_view address) {
  const auto colon = address.rfind(':');
  return colon == std::string_view::npos ? std::string("10249") : std::string(address.substr(colon + 1));
}

class KubeProxyMetricsAddress final : public ComponentRule {
 public:
  KubeProxyMetricsAddress() : ComponentRule(kInfo, {Component::kube_proxy}) {}
  [[nodiscard]] Scope scope() const override {
    return Scope::workloads().with_kinds({{"kubeproxy.config.k8s.io", "KubeProxyConfiguration"}});
  }

  void check(const Resource& r, Context& ctx) const override {
    if (r.kind() == "KubeProxyConfiguration") {
      if (r.group() != "kubeproxy.config.k8s.io") return;
      const Value v = r.root()["metricsBindAddress"];
      if (!v.is_scalar() || v.str().empty() || loopback(v.str())) return;
      ctx.report(r, v, FieldPath::parse("metricsBindAddress"),
                 fmt::format("the KubeProxyConfiguration serves metrics on {} (metricsBindAddress); expected "
                             "127.0.0.1:{}",
                             v.str(), port_of(v.str())),
                 set_field(r, FieldPath::parse("metricsBindAddress"), json_quote("127.0.0.1:" + port_of(v.str()))));
      return;
    }
    ComponentRule::check(r, ctx);
  }

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("metrics-bind-address");
    if (!f || f->value.empty() || loopback(f->value)) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} serves metrics on {} (--metrics-bind-address); expected 127.0.0.1:{}", c.who, f->value,
                            port_of(f->value)),
                c.set(r, "metrics-bind-address", "127.0.0.1:" + port_of(f->value)));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kube_proxy_metrics_address() { return std::make_unique<KubeProxyMetricsAddress>(); }

}  // namespace shipshape::rules
