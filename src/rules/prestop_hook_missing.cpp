// prestop-hook-missing: containers behind a Service with nothing to bridge endpoint removal.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "prestop-hook-missing",
    .section = kAppDev,
    .group = "Graceful shutdown",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A container of a long-running workload that a Service selects has no preStop hook.",
    .applies_to = "regular and sidecar containers of long-running workloads selected by a Service of the run",
    .rationale =
        "When a pod is deleted, the kubelet sends SIGTERM at the same moment as the endpoints "
        "controller starts removing the pod from Services. Load balancers, kube-proxy and "
        "ingress controllers take a few seconds to notice, and keep sending requests to a "
        "process that is already shutting down. A short preStop sleep keeps the container "
        "serving until the rest of the cluster has caught up.",
    .remediation =
        "Add a preStop hook that waits a few seconds, for example the `sleep` handler "
        "(`lifecycle.preStop.sleep.seconds: 5`, Kubernetes 1.30 and later) or an exec of "
        "`sleep 5`, and keep it shorter than the termination grace period.",
    .bad_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
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
    .good_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
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
          lifecycle:
            preStop:
              sleep: {seconds: 5}
)yaml",
    .notes =
        "Optional. Only containers of pods that a Service of the run selects are checked (same "
        "namespace, full selector semantics): pods that receive no Service traffic have nothing "
        "to drain; Helm hooks (annotated `helm.sh/hook`) are never Service backends and are "
        "skipped. Any preStop handler counts (exec, httpGet, tcpSocket, sleep). When the target "
        "Kubernetes version is 1.30 or later the fix adds the `sleep` handler for 5 seconds, "
        "which needs nothing from the image; for older versions there is no fix.",
};

class PrestopHookMissing final : public BasicRule {
 public:
  PrestopHookMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.is_long_running()) return;
    const auto services = ctx.index().selecting(r, "Service");
    if (services.empty()) return;
    const bool sleep_handler = ctx.settings().kubernetes_version >= KubernetesVersion{1, 30};
    for (const Container& c : r.containers()) {
      if (c["lifecycle"]["preStop"].is_mapping()) continue;
      const FieldPath path = c.path().key("lifecycle").key("preStop");
      ctx.report(r, c.node(), path,
                 fmt::format("{} has no preStop hook, yet Service \"{}\" sends traffic to it", c.describe(),
                             services.front()->name()),
                 sleep_handler ? set_field(r, path, R"({"sleep":{"seconds":5}})") : Fix{});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_prestop_hook_missing() { return std::make_unique<PrestopHookMissing>(); }

}  // namespace shipshape::rules
