// alpha-features-enabled: components that turn on alpha feature gates.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "alpha-features-enabled",
    .section = kCluster,
    .group = "Versions and feature gates",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A component's feature gates turn on `AllAlpha`, or a gate that is alpha in the target Kubernetes "
        "version.",
    .applies_to =
        "`--feature-gates` of every component (static Pods and other workloads, kubeadm extraArgs and "
        "kubeletExtraArgs), `featureGates` of KubeletConfiguration and KubeProxyConfiguration objects",
    .rationale =
        "Alpha features are off by default for a reason: they may be buggy, may change or vanish without "
        "notice, are not covered by the usual compatibility guarantees and have had little security review. "
        "Running them in production trades stability and safety for an early look.",
    .remediation =
        "Turn the gate off (remove it) unless the cluster is a test bed; track the feature and turn it on once "
        "it reaches beta.",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
featureGates:
  AllAlpha: true
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
featureGates:
  GracefulNodeShutdown: true
)",
    .notes =
        "The stage of each gate per version comes from a table generated from the Kubernetes feature-gate "
        "reference (see docs/cluster-data.md); versions after the table's newest are judged as that one. Gates "
        "set to false, beta, GA and deprecated gates are not reported; gates the target version does not know "
        "are `feature-gate-removed`. kubeadm's own `featureGates` (ClusterConfiguration) are kubeadm's, not "
        "Kubernetes gates, and are not read. The fix removes the gate.",
};

class AlphaFeaturesEnabled final : public BasicRule {
 public:
  AlphaFeaturesEnabled() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return feature_gate_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const KubernetesVersion target = ctx.settings().kubernetes_version;
    for_each_feature_gate(r, ctx.index(), [&](const GateSetting& g, const GateSource& source) {
      if (g.enabled != true) return;
      if (g.name == "AllAlpha") {
        ctx.report(r, g.node, g.path,
                   fmt::format("{} turns on every alpha feature gate (AllAlpha={}); expected alpha features off",
                               source.who, g.value),
                   remove_gate(r, g, source));
        return;
      }
      const GateStatus s = feature_gate_status(g.name, target);
      if (s.kind != GateStatus::Kind::active || s.stage != GateStage::alpha) return;
      ctx.report(r, g.node, g.path,
                 fmt::format("{} turns on the feature gate {}, alpha in Kubernetes {} (since {}); expected alpha "
                             "features off",
                             source.who, g.name, version_text(target), version_text(s.version)),
                 remove_gate(r, g, source));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_alpha_features_enabled() { return std::make_unique<AlphaFeaturesEnabled>(); }

}  // namespace shipshape::rules
