// etcd-tls: an etcd that serves clients or peers without certificates and client authentication.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "etcd-tls",
    .section = kCluster,
    .group = "etcd",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "etcd lacks client or peer certificates (`--cert-file`, `--key-file`, `--peer-cert-file`, "
        "`--peer-key-file`), does not require client certificates (`--client-cert-auth`, "
        "`--peer-client-cert-auth`), or uses self-signed certificates (`--auto-tls`, `--peer-auto-tls`).",
    .applies_to =
        "etcd flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`etcd.local.extraArgs`",
    .rationale =
        "etcd holds the whole state of the cluster, every Secret included, and does no authorization of its "
        "own for Kubernetes: whoever can talk to it can read and rewrite anything. Only TLS with client "
        "certificates signed by a dedicated CA limits it to the API servers and the other members "
        "(CIS Kubernetes Benchmark 2.1 to 2.6).",
    .remediation =
        "Give etcd `--cert-file`, `--key-file`, `--trusted-ca-file` and `--client-cert-auth=true`, and for its "
        "peers `--peer-cert-file`, `--peer-key-file`, `--peer-trusted-ca-file` and "
        "`--peer-client-cert-auth=true`; drop `--auto-tls` and `--peer-auto-tls`.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.21-0
      command:
        - etcd
        - --listen-client-urls=https://0.0.0.0:2379
        - --auto-tls=true
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.21-0
      command:
        - etcd
        - --cert-file=/etc/kubernetes/pki/etcd/server.crt
        - --key-file=/etc/kubernetes/pki/etcd/server.key
        - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        - --client-cert-auth=true
        - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
        - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
        - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
        - --peer-client-cert-auth=true
)",
    .notes =
        "Peer settings are asked for even for a single member, as the CIS Benchmark does: a second member "
        "joins with them. kubeadm writes all these flags for a local etcd, so a ClusterConfiguration is reported "
        "only when `etcd.local.extraArgs` change them. Missing certificates are one finding; each switch is "
        "its own, with a fix.",
};

class EtcdTls final : public ComponentRule {
 public:
  EtcdTls() : ComponentRule(kInfo, {Component::etcd}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    std::vector<std::string> missing;
    const Flag* empty = nullptr;  // a flag written without a value: the finding points there
    for (std::string_view name : {"cert-file", "key-file", "peer-cert-file", "peer-key-file"}) {
      const Flag* f = c.find(name);
      if (f && f->written() && f->value.empty() && !empty) empty = f;
      if (!f || f->value.empty()) missing.push_back(fmt::format("--{}", name));
    }
    if (!missing.empty()) {
      report_flag(
          ctx, r, c, empty,
          fmt::format("{} lacks {}; expected certificates for clients and peers", c.who, fmt::join(missing, ", ")));
    }
    for (std::string_view name : {"client-cert-auth", "peer-client-cert-auth"}) {
      const Flag* f = c.find(name);
      if (f && parse_bool(f->value) == true) continue;
      report_flag(ctx, r, c, f,
                  fmt::format("{} does not require {} certificates: {}; expected --{}=true", c.who,
                              name == "client-cert-auth" ? "client" : "peer", describe_flag(name, f, "false"), name),
                  c.set(r, name, "true"));
    }
    for (std::string_view name : {"auto-tls", "peer-auto-tls"}) {
      const Flag* f = c.find(name);
      if (!f || parse_bool(f->value) != true) continue;
      report_flag(ctx, r, c, f,
                  fmt::format("{} uses self-signed certificates that nobody verifies (--{}={}); expected "
                              "certificates from the etcd CA",
                              c.who, name, f->value),
                  c.remove(*f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_etcd_tls() { return std::make_unique<EtcdTls>(); }

}  // namespace shipshape::rules
