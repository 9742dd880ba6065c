// memory-request-missing: containers without a memory request.
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "memory-request-missing",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A container (init containers included) sets no memory request, and no LimitRange in the run gives its "
        "namespace a default request.",
    .applies_to = "containers and init containers of every workload",
    .rationale =
        "The scheduler places pods by their requests. A container without a memory request counts as needing nothing, "
        "so nodes get overcommitted and the kubelet evicts or OOM-kills pods when memory runs short; pods without "
        "requests are also the first to go (BestEffort class).",
    .remediation =
        "Set resources.requests.memory to what the container uses in steady state, measured rather than guessed.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {cpu: 100m}
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
        "A memory limit without a request counts as a request: Kubernetes copies the limit into the missing request. A "
        "LimitRange of type Container with defaultRequest.memory (or default.memory) in the same namespace also "
        "counts, but only when the run contains it; the rule cannot see LimitRanges that live only in the cluster.",
};

}  // namespace

std::unique_ptr<Rule> make_memory_request_missing() {
  return std::make_unique<MissingResourceRule>(kInfo, "requests", "memory");
}

}  // namespace shipshape::rules
