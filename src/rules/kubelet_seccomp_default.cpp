// kubelet-seccomp-default: containers without a seccomp profile run unconfined (optional).
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-seccomp-default",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A kubelet does not set `seccompDefault: true` (`--seccomp-default`).",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "Containers that do not ask for a seccomp profile run Unconfined: every system call of the kernel is "
        "open to them. With `seccompDefault` the runtime's default profile applies instead, which blocks the "
        "calls containers almost never need (CIS Kubernetes Benchmark 4.2.14).",
    .remediation =
        "Set `seccompDefault: true`, after checking that no workload needs a system call the runtime's default "
        "profile blocks (it can then ask for Unconfined explicitly).",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
readOnlyPort: 0
seccompDefault: true
)",
    .notes =
        "Optional (a CIS manual check); `seccomp-profile-missing` judges the workloads themselves. The fix sets "
        "the field (or flag).",
};

class KubeletSeccompDefault final : public KubeletRule {
 public:
  KubeletSeccompDefault() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::seccomp_default);
    if (!v.known() || parse_bool(v.text) != false) return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} runs containers without a profile unconfined: {}; expected true", k.who(),
                               k.describe(KubeletField::seccomp_default, v)),
                   k.fix(r, KubeletField::seccomp_default, "true", "true"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_seccomp_default() { return std::make_unique<KubeletSeccompDefault>(); }

}  // namespace shipshape::rules
