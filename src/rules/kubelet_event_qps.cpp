// kubelet-event-qps: a kubelet that sends events without any rate limit.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-event-qps",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::info,
    .enabled = true,
    .summary = "A kubelet sets `eventRecordQPS` (`--event-qps`) to 0, which removes the limit on the events it sends.",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "Events record what happens on the node, and the CIS Benchmark asks for a level that captures them "
        "(4.2.8). At 0 the kubelet sends every event unthrottled: a crash-looping pod or a failing volume on "
        "many nodes at once then floods the API server and etcd, which slows the whole control plane.",
    .remediation = "Keep a limit: the default is 50 events per second (with a burst of 100).",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
eventRecordQPS: 0
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
eventRecordQPS: 50
)",
    .notes =
        "Info. The CIS Benchmark accepts 0 as well as a level that captures events; shipshape reports 0 because "
        "it trades the control plane's protection for completeness. A low limit that drops events is not "
        "reported (what is enough depends on the node). The fix sets 50.",
};

class KubeletEventQps final : public KubeletRule {
 public:
  KubeletEventQps() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::event_qps);
    if (!v.set() || v.text != "0") return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} sends events without a rate limit: {}; expected a limit such as 50", k.who(),
                               k.describe(KubeletField::event_qps, v)),
                   k.fix(r, KubeletField::event_qps, "50", "50"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_event_qps() { return std::make_unique<KubeletEventQps>(); }

}  // namespace shipshape::rules
