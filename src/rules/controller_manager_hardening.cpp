// controller-manager-hardening: a controller manager without the CIS settings.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "controller-manager-hardening",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The controller manager lacks `--use-service-account-credentials=true`, "
        "`--service-account-private-key-file` or `--root-ca-file`, binds beyond 127.0.0.1, or sets "
        "`RotateKubeletServerCertificate=false`.",
    .applies_to =
        "kube-controller-manager flags: static Pods and other workloads that run it, kubeadm "
        "ClusterConfiguration `controllerManager.extraArgs`",
    .rationale =
        "Without per-controller service account credentials every controller acts with the controller "
        "manager's own, very broad, permissions. The private key signs service account tokens and the root CA "
        "lets pods verify the API server. Its secure port serves metrics and health to whoever reaches it when "
        "bound to every address. Kubelet serving certificates should be rotated (CIS Kubernetes Benchmark "
        "1.3.3 to 1.3.7).",
    .remediation =
        "Set `--use-service-account-credentials=true`, `--service-account-private-key-file`, `--root-ca-file` "
        "and `--bind-address=127.0.0.1`, and do not turn RotateKubeletServerCertificate off.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.34.0
      command:
        - kube-controller-manager
        - --bind-address=0.0.0.0
        - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
        - --root-ca-file=/etc/kubernetes/pki/ca.crt
        - --use-service-account-credentials=true
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
    - name: kube-controller-manager
      image: registry.k8s.io/kube-controller-manager:v1.34.0
      command:
        - kube-controller-manager
        - --bind-address=127.0.0.1
        - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
        - --root-ca-file=/etc/kubernetes/pki/ca.crt
        - --use-service-account-credentials=true
)",
    .notes =
        "An unset `--bind-address` is 0.0.0.0 (every address). kubeadm writes all these flags itself, so a "
        "ClusterConfiguration is reported only when its extraArgs change them. Each problem is its own "
        "finding; the fixes set `--use-service-account-credentials` and `--bind-address`.",
};

bool loopback(std::string_view address) { return address == "127.0.0.1" || address == "::1" || address == "localhost"; }

class ControllerManagerHardening final : public ComponentRule {
 public:
  ControllerManagerHardening() : ComponentRule(kInfo, {Component::controller_manager}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* creds = c.find("use-service-account-credentials");
    if (!creds || parse_bool(creds->value) != true) {
      report_flag(ctx, r, c, creds,
                  fmt::format("{} runs every controller with its own credentials: {}; expected "
                              "--use-service-account-credentials=true",
                              c.who, describe_flag("use-service-account-credentials", creds, "false")),
                  c.set(r, "use-service-account-credentials", "true"));
    }
    for (std::string_view name : {"service-account-private-key-file", "root-ca-file"}) {
      const Flag* f = c.find(name);
      if (f && !f->value.empty()) continue;
      report_flag(ctx, r, c, f, fmt::format("{} lacks --{}; expected a file", c.who, name));
    }
    const Flag* bind = c.find("bind-address");
    if (!bind || !loopback(bind->value)) {
      report_flag(ctx, r, c, bind,
                  fmt::format("{} serves on every address: {}; expected --bind-address=127.0.0.1", c.who,
                              describe_flag("bind-address", bind, "0.0.0.0")),
                  c.set(r, "bind-address", "127.0.0.1"));
    }
    for (const Flag& f : c.flags) {
      if (f.name != "feature-gates") continue;
      for (const GateSetting& g : gates_of(f)) {
        if (g.name == "RotateKubeletServerCertificate" && g.enabled == false) {
          ctx.report(r, g.node, g.path,
                     fmt::format("{} turns off kubelet serving certificate rotation "
                                 "(--feature-gates=RotateKubeletServerCertificate=false); expected it on",
                                 c.who));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_controller_manager_hardening() { return std::make_unique<ControllerManagerHardening>(); }

}  // namespace shipshape::rules
