// readiness-probe-missing: long-running containers without a readiness probe.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "readiness-probe-missing",
    .section = kAppDev,
    .group = "Health checks",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A container of a long-running workload has no readinessProbe (an error when a Service "
        "sends traffic to the pods).",
    .applies_to = "regular and sidecar containers of long-running workloads",
    .rationale =
        "Without a readiness probe Kubernetes treats a container as ready the moment it starts, "
        "so a Service routes requests to pods that are still warming up or that have stopped "
        "coping. The probe is what lets a rolling update wait for the new pods and lets an "
        "overloaded pod step out of the load balancer.",
    .remediation =
        "Add a readinessProbe that answers only when the container can serve requests, for "
        "example an HTTP endpoint that checks the process's own state (not its downstream "
        "dependencies).",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .good_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
)yaml",
    .notes =
        "The severity is error when a Service of the run selects the workload's pods (same "
        "namespace, full selector semantics) and warning otherwise; a severity set in the "
        "configuration applies to both. Jobs, CronJobs and Pods that do not restart are skipped, and "
        "so are Helm hook Pods (annotated `helm.sh/hook`, such as `helm create`'s test Pod): Helm "
        "runs them around a release, whatever their restartPolicy, and no Service sends them "
        "traffic.",
};

class ReadinessProbeMissing final : public BasicRule {
 public:
  ReadinessProbeMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.is_long_running()) return;
    const auto services = ctx.index().selecting(r, "Service");
    for (const Container& c : r.containers()) {
      if (c["readinessProbe"].is_mapping()) continue;
      if (services.empty()) {
        ctx.report(r, c.node(), c.path().key("readinessProbe"), fmt::format("{} has no readiness probe", c.describe()));
      } else {
        ctx.report(r, c.node(), c.path().key("readinessProbe"),
                   fmt::format("{} has no readiness probe, yet Service \"{}\" sends traffic to it", c.describe(),
                               services.front()->name()),
                   {}, Severity::error);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_readiness_probe_missing() { return std::make_unique<ReadinessProbeMissing>(); }

}  // namespace shipshape::rules
