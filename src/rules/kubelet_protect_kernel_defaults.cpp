// kubelet-protect-kernel-defaults: a kubelet that tunes kernel parameters behind the administrator's back.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-protect-kernel-defaults",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::info,
    .enabled = true,
    .summary = "A kubelet does not set `protectKernelDefaults: true` (`--protect-kernel-defaults`).",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "Without it the kubelet silently changes kernel parameters it relies on (overcommit, panic on OOM...); "
        "with it, it refuses to start on a node whose kernel differs, so the node's settings stay the ones the "
        "administrator chose and reviewed (CIS Kubernetes Benchmark 4.2.6 of the 1.5 to 1.20 editions).",
    .remediation =
        "Set the kernel parameters the kubelet expects in the node image (vm.overcommit_memory=1, "
        "vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1), then `protectKernelDefaults: true`.",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
protectKernelDefaults: true
)",
    .notes =
        "Info: turning it on without preparing the node's sysctls stops the kubelet, so no fix is offered. "
        "A kubelet whose settings come partly from a file the run does not show is judged only on what it sets.",
};

class KubeletProtectKernelDefaults final : public KubeletRule {
 public:
  KubeletProtectKernelDefaults() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::protect_kernel_defaults);
    if (!v.known() || parse_bool(v.text) != false) return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} may change kernel parameters itself: {}; expected true", k.who(),
                               k.describe(KubeletField::protect_kernel_defaults, v)));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_protect_kernel_defaults() {
  return std::make_unique<KubeletProtectKernelDefaults>();
}

}  // namespace shipshape::rules
