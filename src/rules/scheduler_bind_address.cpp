// scheduler-bind-address: a scheduler whose secure port listens beyond the node.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "scheduler-bind-address",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "The scheduler binds beyond 127.0.0.1: `--bind-address` is unset (0.0.0.0) or another address.",
    .applies_to =
        "kube-scheduler flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`scheduler.extraArgs`",
    .rationale =
        "The scheduler's port serves health, metrics and (unless turned off) profiling; nothing outside the node "
        "needs it, so listening on every address only widens what an attacker on the network can reach "
        "(CIS Kubernetes Benchmark 1.4.2).",
    .remediation = "Set `--bind-address=127.0.0.1`.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.34.0
      command: [kube-scheduler, --profiling=false]
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.34.0
      command: [kube-scheduler, --profiling=false, --bind-address=127.0.0.1]
)",
    .notes =
        "kubeadm writes `--bind-address=127.0.0.1` itself. Metrics scrapers on other hosts then need a proxy on "
        "the node; the rule accepts 127.0.0.1, ::1 and localhost. The fix sets the flag.",
};

class SchedulerBindAddress final : public ComponentRule {
 public:
  SchedulerBindAddress() : ComponentRule(kInfo, {Component::scheduler}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("bind-address");
    if (f && (f->value == "127.0.0.1" || f->value == "::1" || f->value == "localhost")) return;
    report_flag(
        ctx, r, c, f,
        fmt::format("{} serves on {}: {}; expected --bind-address=127.0.0.1", c.who,
                    f ? "an address beyond the node" : "every address", describe_flag("bind-address", f, "0.0.0.0")),
        c.set(r, "bind-address", "127.0.0.1"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_scheduler_bind_address() { return std::make_unique<SchedulerBindAddress>(); }

}  // namespace shipshape::rules
