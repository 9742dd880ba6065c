// host-pid: pods that share the host's process namespace.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "host-pid",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A pod sets hostPID: true and shares the node's process namespace.",
    .applies_to = "the pod spec of every workload",
    .rationale =
        "With the host's process namespace, the containers see every process of the node: they can read "
        "their command lines and environment (often holding credentials), signal them, and, with ptrace, "
        "step into them.",
    .remediation =
        "Remove hostPID. Node-monitoring agents that need host processes belong in a separate, tightly "
        "controlled namespace, with this rule suppressed for them by annotation.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostPID: true
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
        "The fix removes the field (its default is false). Node agents that genuinely need it should be "
        "exempted explicitly (annotation or configuration) so that the exception is visible.",
};

class HostPid final : public HostNamespaceRule {
 public:
  HostPid() : HostNamespaceRule(kInfo, "hostPID", "process namespace") {}
};

}  // namespace

std::unique_ptr<Rule> make_host_pid() { return std::make_unique<HostPid>(); }

}  // namespace shipshape::rules
