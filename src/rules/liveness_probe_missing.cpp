// liveness-probe-missing: long-running containers without a liveness probe.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "liveness-probe-missing",
    .section = kAppDev,
    .group = "Health checks",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A container of a long-running workload has no livenessProbe.",
    .applies_to = "regular and sidecar containers of long-running workloads",
    .rationale =
        "A process can hang without exiting: a deadlock, an exhausted thread pool, a stuck event "
        "loop. Without a liveness probe the kubelet keeps such a container running forever; "
        "with one it restarts it.",
    .remediation =
        "Add a livenessProbe that fails only when the process cannot recover by itself. Make "
        "it cheaper and more tolerant than the readiness probe (a higher failureThreshold), "
        "so that a busy container is taken out of rotation before it is restarted.",
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
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            failureThreshold: 6
)yaml",
    .notes =
        "Jobs, CronJobs and Pods with restartPolicy Never or OnFailure are skipped: they are meant "
        "to finish. So are Helm hook Pods (annotated `helm.sh/hook`), whatever their restartPolicy: "
        "Helm runs them around a release and deletes or replaces them.",
};

class LivenessProbeMissing final : public BasicRule {
 public:
  LivenessProbeMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.is_long_running()) return;
    for (const Container& c : r.containers()) {
      if (c["livenessProbe"].is_mapping()) continue;
      ctx.report(r, c.node(), c.path().key("livenessProbe"), fmt::format("{} has no liveness probe", c.describe()));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_liveness_probe_missing() { return std::make_unique<LivenessProbeMissing>(); }

}  // namespace shipshape::rules
