// kubelet-streaming-timeout: exec and port-forward streams that never time out.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-streaming-timeout",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A kubelet's `--streaming-connection-idle-timeout` flag is 0, so idle streams never close.",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "With no idle timeout, forgotten `kubectl exec` and port-forward sessions stay open forever: each holds "
        "resources on the node and an authenticated channel into a container (CIS Kubernetes Benchmark 4.2.5).",
    .remediation = "Leave the timeout at its default (4h) or set a shorter one, such as 5m.",
    .bad_example = R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
nodeRegistration:
  kubeletExtraArgs:
    streaming-connection-idle-timeout: "0"
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
streamingConnectionIdleTimeout: 5m
)",
    .notes =
        "Any zero Go duration counts (`0`, `0s`, `0m0s`). Only the flag is judged: in a KubeletConfiguration "
        "a zero `streamingConnectionIdleTimeout` is the unset value, which the kubelet's defaulting replaces "
        "with 4h (files written by `kubeadm` or dumped from a node often show `0s`), so it is not reported, "
        "although kube-bench's check 4.2.5 would fail it. The fix sets 5m.",
};

class KubeletStreamingTimeout final : public KubeletRule {
 public:
  KubeletStreamingTimeout() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::streaming_idle_timeout);
    if (v.origin != KubeletValue::Origin::flag || duration_is_zero(v.text) != true) return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} never closes idle exec and port-forward streams: {}; expected a timeout such as 5m",
                               k.who(), k.describe(KubeletField::streaming_idle_timeout, v)),
                   k.fix(r, KubeletField::streaming_idle_timeout, "\"5m\"", "5m"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_streaming_timeout() { return std::make_unique<KubeletStreamingTimeout>(); }

}  // namespace shipshape::rules
