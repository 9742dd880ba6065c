// apiserver-kubelet-tls: an API server that cannot authenticate to kubelets or verify them.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-kubelet-tls",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server lacks `--kubelet-client-certificate`, `--kubelet-client-key` or "
        "`--kubelet-certificate-authority`, or (before 1.22) sets `--kubelet-https=false`.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "The API server calls kubelets for logs, exec, attach and port-forward. Without a client certificate "
        "the kubelets cannot authenticate it and must allow anonymous access; without the kubelets' "
        "certificate authority it cannot tell a real kubelet from a machine in the middle, and exec sessions "
        "and their credentials can be intercepted (CIS Kubernetes Benchmark 1.2.4, 1.2.5).",
    .remediation =
        "Give the API server a client certificate and key signed by the kubelets' client CA, and the CA that "
        "signs the kubelets' serving certificates (turn on `serverTLSBootstrap` in the kubelets so that "
        "their serving certificates are signed by the cluster CA).",
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
        - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
        - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
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
        - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
        - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
        - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
)",
    .notes =
        "kubeadm writes the client certificate and key but not `--kubelet-certificate-authority` (the "
        "kubelets' serving certificates are self-signed unless `serverTLSBootstrap` is on), so kubeadm "
        "ClusterConfigurations are reported for it. One finding lists every missing flag; no fix is offered, "
        "since the file paths are the cluster's.",
};

class ApiserverKubeletTls final : public ComponentRule {
 public:
  ApiserverKubeletTls() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    std::vector<std::string> missing;
    const Flag* empty = nullptr;  // a flag written without a value: the finding points there
    for (std::string_view name :
         {"kubelet-client-certificate", "kubelet-client-key", "kubelet-certificate-authority"}) {
      const Flag* f = c.find(name);
      if (f && f->written() && f->value.empty() && !empty) empty = f;
      if (!f || f->value.empty()) missing.push_back(fmt::format("--{}", name));
    }
    if (!missing.empty()) {
      report_flag(ctx, r, c, empty,
                  fmt::format("{} lacks {}; expected a kubelet client certificate, its key and the kubelets' CA", c.who,
                              fmt::join(missing, ", ")));
    }
    const Flag* https = c.find("kubelet-https");
    if (https && https->written() && parse_bool(https->value) == false &&
        !removed_flag(c.component, "kubelet-https", ctx.settings().kubernetes_version)) {
      report_flag(ctx, r, c, https,
                  fmt::format("{} talks to kubelets over plain HTTP (--kubelet-https=false); expected HTTPS", c.who),
                  c.remove(*https));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_kubelet_tls() { return std::make_unique<ApiserverKubeletTls>(); }

}  // namespace shipshape::rules
