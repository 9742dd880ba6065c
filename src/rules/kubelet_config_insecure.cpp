// kubelet-config-insecure: a kubelet that serves its API without authentication or authorization.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-config-insecure",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A kubelet allows anonymous requests, authorizes with `AlwaysAllow`, opens the read-only port, has no "
        "client CA, does not rotate its certificates, or turns `RotateKubeletServerCertificate` off.",
    .applies_to =
        "KubeletConfiguration objects (kubelet.config.k8s.io), kubelet flags of containers that run the "
        "kubelet, and kubeadm Init/JoinConfiguration `nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "The kubelet's API runs commands in every container of the node, reads their logs and lists their "
        "pods. Anonymous access with AlwaysAllow hands that to anyone who reaches port 10250; the read-only "
        "port (10255) serves pod specs, environment included, without any authentication. Without a client CA "
        "the API server cannot authenticate to it, and certificates that are not rotated expire or outlive a "
        "compromise (CIS Kubernetes Benchmark 4.2.1 to 4.2.4, 4.2.10, 4.2.11).",
    .remediation =
        "Set `authentication.anonymous.enabled: false`, `authentication.webhook.enabled: true`, "
        "`authentication.x509.clientCAFile`, `authorization.mode: Webhook`, `readOnlyPort: 0` and "
        "`rotateCertificates: true` (or the matching flags).",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
authorization:
  mode: AlwaysAllow
readOnlyPort: 10255
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
readOnlyPort: 0
rotateCertificates: true
)",
    .notes =
        "Unset fields take the defaults of where they are read: a KubeletConfiguration's (anonymous off, "
        "Webhook, read-only port 0, no rotation), or, when the same file holds a kubeadm configuration, "
        "kubeadm's (which also sets the client CA and rotation); a kubelet's command line without `--config` "
        "takes the flags' defaults (anonymous on, AlwaysAllow, port 10255). A kubelet started with `--config`, "
        "and kubeadm's kubeletExtraArgs, are judged only on the flags they set, since the file they read is "
        "not in the run; a flag in kubeletExtraArgs overrides the KubeletConfiguration of the same file, as it "
        "does in the kubelet. Each problem is its own finding; the fixes set the field or the flag.",
};

class KubeletConfigInsecure final : public KubeletRule {
 public:
  KubeletConfigInsecure() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    using F = KubeletField;
    const auto anonymous = k.get(F::anonymous_auth);
    if (anonymous.known() && parse_bool(anonymous.text) == true) {
      report_kubelet(ctx, r, anonymous,
                     fmt::format("{} serves anonymous requests: {}; expected false", k.who(),
                                 k.describe(F::anonymous_auth, anonymous)),
                     k.fix(r, F::anonymous_auth, "false", "false"));
    }
    const auto mode = k.get(F::authorization_mode);
    if (mode.known() && mode.text == "AlwaysAllow") {
      report_kubelet(ctx, r, mode,
                     fmt::format("{} authorizes every request: {}; expected Webhook", k.who(),
                                 k.describe(F::authorization_mode, mode)),
                     k.fix(r, F::authorization_mode, "\"Webhook\"", "Webhook"));
    }
    const auto port = k.get(F::read_only_port);
    if (port.known() && !port.text.empty() && port.text != "0") {
      report_kubelet(ctx, r, port,
                     fmt::format("{} serves an unauthenticated read-only port: {}; expected 0", k.who(),
                                 k.describe(F::read_only_port, port)),
                     k.fix(r, F::read_only_port, "0", "0"));
    }
    const auto ca = k.get(F::client_ca_file);
    if (ca.known() && ca.text.empty()) {
      report_kubelet(ctx, r, ca,
                     fmt::format("{} cannot authenticate clients by certificate: {}; expected the cluster CA", k.who(),
                                 k.describe(F::client_ca_file, ca)));
    }
    const auto rotate = k.get(F::rotate_certificates);
    if (rotate.known() && parse_bool(rotate.text) == false) {
      report_kubelet(ctx, r, rotate,
                     fmt::format("{} does not rotate its client certificate: {}; expected true", k.who(),
                                 k.describe(F::rotate_certificates, rotate)),
                     k.fix(r, F::rotate_certificates, "true", "true"));
    }
    for (const GateSetting& g : k.feature_gates()) {
      if (g.name == "RotateKubeletServerCertificate" && g.enabled == false) {
        ctx.report(r, g.node, g.path,
                   fmt::format("{} turns off serving certificate rotation (RotateKubeletServerCertificate={}); "
                               "expected it on",
                               k.who(), g.value));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_config_insecure() { return std::make_unique<KubeletConfigInsecure>(); }

}  // namespace shipshape::rules
