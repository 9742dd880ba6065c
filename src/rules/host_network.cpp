// host-network: pods that share the host's network namespace.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "host-network",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A pod sets hostNetwork: true and shares the node's network namespace.",
    .applies_to = "the pod spec of every workload",
    .rationale =
        "A pod on the host network binds directly to the node's interfaces, can reach services that listen "
        "only on the node's localhost (the kubelet, node-local daemons) and sniff the node's traffic, and "
        "escapes NetworkPolicies, which do not apply to host-network pods.",
    .remediation =
        "Remove hostNetwork and expose the container through a Service. Network plugins and other node "
        "agents that need it should be exempted explicitly.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostNetwork: true
  containers:
    - name: agent
      image: agent:1.0
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
    - name: agent
      image: agent:1.0
)yaml",
    .notes =
        "The fix removes the field (its default is false). NetworkPolicies do not isolate host-network pods, so "
        "network-policy-missing leaves them to this rule.",
};

class HostNetwork final : public HostNamespaceRule {
 public:
  HostNetwork() : HostNamespaceRule(kInfo, "hostNetwork", "network namespace") {}
};

}  // namespace

std::unique_ptr<Rule> make_host_network() { return std::make_unique<HostNetwork>(); }

}  // namespace shipshape::rules
