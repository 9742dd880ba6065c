// memory-limit-missing: containers without a memory limit.
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "memory-limit-missing",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A container (init containers included) sets no memory limit, and no LimitRange in the run gives its namespace "
        "a default limit.",
    .applies_to = "containers and init containers of every workload",
    .rationale =
        "Memory is not compressible: a container that grows without bound takes memory from its neighbours until the "
        "node runs out and the kernel kills processes, possibly not the guilty ones. A limit makes the leaking "
        "container the one that is OOM-killed and restarted.",
    .remediation = "Set resources.limits.memory; setting it equal to the request makes the pod's memory Guaranteed.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {cpu: 100m, memory: 128Mi}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: {memory: 128Mi}
)yaml",
    .notes =
        "A LimitRange of type Container with default.memory in the same namespace counts, when the run contains it.",
};

}  // namespace

std::unique_ptr<Rule> make_memory_limit_missing() {
  return std::make_unique<MissingResourceRule>(kInfo, "limits", "memory");
}

}  // namespace shipshape::rules
