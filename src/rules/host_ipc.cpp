// host-ipc: pods that share the host's IPC namespace.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "host-ipc",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A pod sets hostIPC: true and shares the node's IPC namespace.",
    .applies_to = "the pod spec of every workload",
    .rationale =
        "Sharing the host's IPC namespace exposes the shared-memory segments, semaphores and message queues "
        "of every process on the node, and lets the pod tamper with them.",
    .remediation = "Remove hostIPC; containers of one pod already share an IPC namespace with each other.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostIPC: true
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
    .notes = "The fix removes the field (its default is false).",
};

class HostIpc final : public HostNamespaceRule {
 public:
  HostIpc() : HostNamespaceRule(kInfo, "hostIPC", "IPC namespace") {}
};

}  // namespace

std::unique_ptr<Rule> make_host_ipc() { return std::make_unique<HostIpc>(); }

}  // namespace shipshape::rules
