// windows-host-process: Windows HostProcess containers, which run as processes of the node.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "windows-host-process",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A pod or container sets securityContext.windowsOptions.hostProcess: true and runs as a process "
        "of the Windows node.",
    .applies_to = "the pod security context and the regular, sidecar and init containers of every workload",
    .rationale =
        "A HostProcess container is not isolated from the Windows node at all: it runs directly on the "
        "host, in the host's network namespace, can run as SYSTEM or another host account, and sees the "
        "node's file system, devices and processes. It is the Windows equivalent of a privileged "
        "container: one compromise of it is a compromise of the node and every pod on it.",
    .remediation =
        "Run the workload as an ordinary Windows container. Node agents that really need host access "
        "(network plugins, storage drivers, log collectors) should be reviewed, pinned to the nodes "
        "that need them, and exempted explicitly.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\SYSTEM"
  nodeSelector:
    kubernetes.io/os: windows
  containers:
    - name: agent
      image: agent:1.0
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeSelector:
    kubernetes.io/os: windows
  containers:
    - name: web
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
)",
    .notes =
        "The pod-level setting applies to every container and is reported once, at the pod's security "
        "context; a container that sets hostProcess: true itself is reported at its own field. Init and "
        "sidecar containers count: they run on the node just the same. `hostProcess: false` and an "
        "absent field do not fire. Pod Security Admission forbids HostProcess pods in the baseline and "
        "restricted levels. host-network also fires on such pods, since HostProcess requires "
        "hostNetwork: true.",
};

class WindowsHostProcess final : public BasicRule {
 public:
  WindowsHostProcess() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value pod_level = r.pod().spec["securityContext"]["windowsOptions"]["hostProcess"];
    if (pod_level.is_true()) {
      ctx.report(r, pod_level,
                 FieldPath::parse(r.pod().spec_path).key("securityContext").key("windowsOptions").key("hostProcess"),
                 "the pod runs its containers as HostProcess containers, with the Windows node's privileges");
    }
    for (const Container& c : r.all_containers()) {
      const Value own = c["securityContext"]["windowsOptions"]["hostProcess"];
      if (!own.is_true()) continue;
      ctx.report(r, own, c.path().key("securityContext").key("windowsOptions").key("hostProcess"),
                 fmt::format("{} runs as a HostProcess container, with the Windows node's privileges", c.describe()));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_windows_host_process() { return std::make_unique<WindowsHostProcess>(); }

}  // namespace shipshape::rules
