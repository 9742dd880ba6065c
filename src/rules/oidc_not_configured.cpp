// oidc-not-configured: an API server without an identity provider for people (optional).
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "oidc-not-configured",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::info,
    .enabled = false,
    .summary =
        "The API server has no `--oidc-issuer-url` (nor an `--authentication-config` that can name JWT "
        "issuers): people cannot sign in through an identity provider.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "Without OpenID Connect, people authenticate with client certificates (which cannot be revoked and "
        "are often shared), static tokens or service account tokens meant for workloads. An identity provider "
        "gives single sign-on, group membership from the directory, and accounts that end when people leave.",
    .remediation =
        "Set `--oidc-issuer-url` and `--oidc-client-id` (with `--oidc-username-claim` and `--oidc-groups-claim` "
        "as needed), or, from Kubernetes 1.30, an AuthenticationConfiguration with `jwt` issuers given by "
        "`--authentication-config`.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command: [kube-apiserver, --client-ca-file=/etc/kubernetes/pki/ca.crt]
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
    .notes =
        "Optional: managed clusters and small teams sign people in other ways (cloud IAM, an authenticating "
        "proxy or webhook), which the manifests do not show. `--authentication-token-webhook-config-file` "
        "also counts as an identity provider.",
};

class OidcNotConfigured final : public ComponentRule {
 public:
  OidcNotConfigured() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    for (std::string_view name :
         {"oidc-issuer-url", "authentication-config", "authentication-token-webhook-config-file"}) {
      const Flag* f = c.find(name);
      if (f && !f->value.empty()) return;
    }
    report_flag(ctx, r, c, nullptr,
                fmt::format("{} has no identity provider for people: --oidc-issuer-url is not set; expected OIDC "
                            "or an AuthenticationConfiguration",
                            c.who));
  }
};

}  // namespace

std::unique_ptr<Rule> make_oidc_not_configured() { return std::make_unique<OidcNotConfigured>(); }

}  // namespace shipshape::rules
