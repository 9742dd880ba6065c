// kubelet-iptables-chains: a kubelet that does not manage its iptables chains.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-iptables-chains",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A kubelet sets `makeIPTablesUtilChains: false` (`--make-iptables-util-chains=false`).",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "The kubelet keeps the utility chains that drop martian packets and mark traffic for masquerading in "
        "step with the pods' networking; left to hand-made rules, they drift from what the pods need "
        "(CIS Kubernetes Benchmark 4.2.6).",
    .remediation = "Leave `makeIPTablesUtilChains` at its default, true.",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
makeIPTablesUtilChains: false
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
makeIPTablesUtilChains: true
)",
    .notes = "The fix sets the field (or flag) to true.",
};

class KubeletIptablesChains final : public KubeletRule {
 public:
  KubeletIptablesChains() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    const auto v = k.get(KubeletField::make_iptables_chains);
    if (!v.set() || parse_bool(v.text) != false) return;
    report_kubelet(ctx, r, v,
                   fmt::format("{} leaves its iptables chains to others: {}; expected true", k.who(),
                               k.describe(KubeletField::make_iptables_chains, v)),
                   k.fix(r, KubeletField::make_iptables_chains, "true", "true"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_iptables_chains() { return std::make_unique<KubeletIptablesChains>(); }

}  // namespace shipshape::rules
