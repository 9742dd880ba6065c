// feature-gate-removed: feature gates the target version does not accept.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "feature-gate-removed",
    .section = kCluster,
    .group = "Versions and feature gates",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A component sets a feature gate that the target Kubernetes version no longer has (or does not have "
        "yet): the component refuses to start.",
    .applies_to =
        "`--feature-gates` of every component (static Pods and other workloads, kubeadm extraArgs and "
        "kubeletExtraArgs), `featureGates` of KubeletConfiguration and KubeProxyConfiguration objects",
    .rationale =
        "Components reject unknown feature gates at start-up. A gate removed after it went GA (or was "
        "abandoned) is the usual trap of an upgrade: the old setting, harmless for years, stops the API server "
        "or the kubelets of the new version.",
    .remediation =
        "Remove the gate. A gate removed after GA has its feature always on; one removed while alpha or "
        "deprecated has it gone.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command: [kube-apiserver, --feature-gates=PodSecurity=true]
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
      command: [kube-apiserver]
)",
    .notes =
        "The table of gates (see docs/cluster-data.md) says when each gate appeared and when it was removed; a "
        "gate it does not know at all is not reported (it may be a gate of another program, or newer than the "
        "table). Whatever the gate's value, setting it is the problem. The fix removes the gate.",
};

class FeatureGateRemoved final : public BasicRule {
 public:
  FeatureGateRemoved() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return feature_gate_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const KubernetesVersion target = ctx.settings().kubernetes_version;
    for_each_feature_gate(r, ctx.index(), [&](const GateSetting& g, const GateSource& source) {
      const GateStatus s = feature_gate_status(g.name, target);
      if (s.kind == GateStatus::Kind::removed) {
        ctx.report(r, g.node, g.path,
                   fmt::format("{} sets the feature gate {}, which Kubernetes {} removed (it was {} before): the "
                               "component would not start (the target version is {}); expected no such gate",
                               source.who, g.name, version_text(s.version), to_string(s.stage), version_text(target)),
                   remove_gate(r, g, source));
      } else if (s.kind == GateStatus::Kind::not_yet) {
        ctx.report(r, g.node, g.path,
                   fmt::format("{} sets the feature gate {}, which only exists from Kubernetes {} on: the component "
                               "would not start (the target version is {}); expected no such gate",
                               source.who, g.name, version_text(s.version), version_text(target)),
                   remove_gate(r, g, source));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_feature_gate_removed() { return std::make_unique<FeatureGateRemoved>(); }

}  // namespace shipshape::rules
