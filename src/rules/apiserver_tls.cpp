// apiserver-tls: an API server without its serving, client and etcd certificates or its
// service account key.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-tls",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server lacks its serving certificate and key, the client CA, the etcd client certificate, "
        "key and CA, or the service account key file; or it turns HTTPS off with `--secure-port=0`.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "Without `--tls-cert-file` and `--tls-private-key-file` the API server serves a self-signed "
        "certificate that clients cannot verify. Without `--client-ca-file` no client certificate is "
        "accepted. Without the etcd client flags the API server reaches etcd unauthenticated or without "
        "verifying it, and etcd holds every Secret. Without `--service-account-key-file` service account "
        "tokens cannot be verified against a key of your choosing. `--secure-port=0` turns the HTTPS "
        "endpoint off altogether (CIS Kubernetes Benchmark 1.2.22 to 1.2.26, and 1.2.19 of the older "
        "editions).",
    .remediation =
        "Give the API server `--tls-cert-file`, `--tls-private-key-file`, `--client-ca-file`, "
        "`--etcd-certfile`, `--etcd-keyfile`, `--etcd-cafile` and `--service-account-key-file`, and leave "
        "`--secure-port` at its default (6443) or another port.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command:
        - kube-apiserver
        - --etcd-servers=http://127.0.0.1:2379
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command:
        - kube-apiserver
        - --etcd-servers=https://127.0.0.1:2379
        - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
        - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
        - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
        - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
        - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
        - --service-account-key-file=/etc/kubernetes/pki/sa.pub
)",
    .notes =
        "kubeadm writes all these flags itself (from `etcd.external` when the etcd is external), so a kubeadm "
        "ClusterConfiguration is reported only for an external etcd without certificates or for flags its "
        "extraArgs blank out. One finding lists every missing flag; `--secure-port=0` is a finding of its "
        "own. No fix is offered for missing files (the paths are the cluster's).",
};

class ApiserverTls final : public ComponentRule {
 public:
  ApiserverTls() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    std::vector<std::string> missing;
    const Flag* empty = nullptr;  // a flag written without a value: the finding points there
    for (std::string_view name : {"tls-cert-file", "tls-private-key-file", "client-ca-file", "etcd-certfile",
                                  "etcd-keyfile", "etcd-cafile", "service-account-key-file"}) {
      const Flag* f = c.find(name);
      if (f && f->written() && f->value.empty() && !empty) empty = f;
      if (!f || f->value.empty()) missing.push_back(fmt::format("--{}", name));
    }
    if (!missing.empty()) {
      report_flag(ctx, r, c, empty,
                  fmt::format("{} lacks {}; expected a serving certificate and key, a client CA, etcd client "
                              "certificates and a service account key",
                              c.who, fmt::join(missing, ", ")));
    }
    const Flag* port = c.find("secure-port");
    if (port && port->written() && port->value == "0") {
      report_flag(ctx, r, c, port,
                  fmt::format("{} turns HTTPS serving off (--secure-port=0); expected a port such as 6443", c.who),
                  c.set(r, "secure-port", "6443"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_tls() { return std::make_unique<ApiserverTls>(); }

}  // namespace shipshape::rules
