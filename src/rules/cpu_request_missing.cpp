// cpu-request-missing: containers without a cpu request.
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "cpu-request-missing",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A container (init containers included) sets no CPU request, and no LimitRange in the run gives its namespace "
        "a default request.",
    .applies_to = "containers and init containers of every workload",
    .rationale =
        "CPU requests decide both where a pod is scheduled and how CPU time is shared when a node is busy. A container "
        "without one gets the smallest share, so it starves first under contention, and the scheduler can pack too "
        "many pods onto a node.",
    .remediation = "Set resources.requests.cpu to the container's typical usage.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {memory: 128Mi}
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
        requests: {cpu: 250m, memory: 128Mi}
)yaml",
    .notes =
        "A CPU limit without a request counts as a request (Kubernetes copies it). A LimitRange of type Container with "
        "defaultRequest.cpu (or default.cpu) in the same namespace also counts, when the run contains it.",
};

}  // namespace

std::unique_ptr<Rule> make_cpu_request_missing() {
  return std::make_unique<MissingResourceRule>(kInfo, "requests", "cpu");
}

}  // namespace shipshape::rules
