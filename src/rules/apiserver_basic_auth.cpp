// apiserver-basic-auth: an API server that accepts static passwords (versions before 1.19).
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-basic-auth",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "The API server accepts user names and passwords from a static file: `--basic-auth-file` is set "
        "(Kubernetes before 1.19).",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "Basic authentication sends a reusable password with every request; the passwords sit in clear "
        "text in a file on the control-plane nodes, never expire and cannot be revoked without a restart "
        "(CIS Kubernetes Benchmark 1.2.2 of the 1.5 and 1.6 editions).",
    .remediation = "Remove `--basic-auth-file`; sign people in with client certificates or an identity provider.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.18.20
      command:
        - kube-apiserver
        - --basic-auth-file=/etc/kubernetes/passwords.csv
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.18.20
      command:
        - kube-apiserver
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
)",
    .notes =
        "Kubernetes 1.19 removed the flag: for a target version of 1.19 or later, `component-flag-removed` "
        "reports it instead (the API server would not start), so that one flag gets one finding. The fix "
        "removes the flag.",
    .example_config = "kubernetesVersion: \"1.18\"\n",
};

class ApiserverBasicAuth final : public ComponentRule {
 public:
  ApiserverBasicAuth() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("basic-auth-file");
    if (!f || !f->written()) return;
    if (removed_flag(c.component, f->name, ctx.settings().kubernetes_version)) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} accepts static passwords from {} (--basic-auth-file); expected no password file", c.who,
                            f->value.empty() ? std::string("a file") : f->value),
                c.remove(*f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_basic_auth() { return std::make_unique<ApiserverBasicAuth>(); }

}  // namespace shipshape::rules
