// apiserver-static-token-auth: an API server that reads bearer tokens from a static file.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-static-token-auth",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::error,
    .enabled = true,
    .summary = "The API server authenticates bearer tokens from a static file: `--token-auth-file` is set.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "Tokens in a static file never expire and cannot be revoked without editing the file on every "
        "control-plane node and restarting the API server; a leaked token stays valid indefinitely "
        "(CIS Kubernetes Benchmark 1.2.2).",
    .remediation =
        "Remove `--token-auth-file`. Sign people in through an identity provider (OIDC or an "
        "AuthenticationConfiguration), give workloads service account tokens, and use bootstrap tokens "
        "(which expire) to join nodes.",
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
        - --token-auth-file=/etc/kubernetes/tokens.csv
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
        - --oidc-issuer-url=https://login.example.com
        - --oidc-client-id=kubernetes
)",
    .notes = "The fix removes the flag.",
};

class ApiserverStaticTokenAuth final : public ComponentRule {
 public:
  ApiserverStaticTokenAuth() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("token-auth-file");
    if (!f || !f->written()) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} accepts static tokens from {} (--token-auth-file); expected no token file", c.who,
                            f->value.empty() ? std::string("a file") : f->value),
                c.remove(*f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_static_token_auth() { return std::make_unique<ApiserverStaticTokenAuth>(); }

}  // namespace shipshape::rules
