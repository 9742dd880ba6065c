// profiling-enabled: control-plane components that serve profiling data.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "profiling-enabled",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server, controller manager or scheduler runs without `--profiling=false` (profiling is on by "
        "default), or a KubeSchedulerConfiguration leaves `enableProfiling` on.",
    .applies_to =
        "flags of kube-apiserver, kube-controller-manager and kube-scheduler (static Pods, other workloads "
        "that run them, kubeadm ClusterConfiguration extraArgs) and KubeSchedulerConfiguration objects",
    .rationale =
        "The /debug/pprof endpoints expose heap contents, goroutine stacks and timings of the component, and "
        "let a caller trigger costly profiles: information and load that nobody needs in production "
        "(CIS Kubernetes Benchmark 1.2.15, 1.3.2, 1.4.1).",
    .remediation =
        "Set `--profiling=false` (for a scheduler run with `--config`, `enableProfiling: false` in its file).",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.34.0
      command: [kube-scheduler, --bind-address=127.0.0.1]
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
      command: [kube-scheduler, --bind-address=127.0.0.1, --profiling=false]
)",
    .notes =
        "kubeadm does not set `--profiling`, so each ClusterConfiguration is reported once per component "
        "whose extraArgs lack it. A scheduler started with `--config` ignores `--profiling` and reads "
        "`enableProfiling` from its file: its flags are not judged, and KubeSchedulerConfiguration objects in "
        "the run are (an unset `enableProfiling` is true). The fixes set the flag or the field.",
};

class ProfilingEnabled final : public ComponentRule {
 public:
  ProfilingEnabled()
      : ComponentRule(kInfo, {Component::apiserver, Component::controller_manager, Component::scheduler}) {}
  [[nodiscard]] Scope scope() const override {
    return cluster_scope().with_kinds({{"kubescheduler.config.k8s.io", "KubeSchedulerConfiguration"}});
  }

  void check(const Resource& r, Context& ctx) const override {
    if (r.kind() == "KubeSchedulerConfiguration") {
      if (r.group() != "kubescheduler.config.k8s.io") return;
      const Value v = r.root()["enableProfiling"];
      if (v.is_false()) return;
      ctx.report(r, v ? v : r.root(), FieldPath::parse("enableProfiling"),
                 v ? "the KubeSchedulerConfiguration turns profiling on (enableProfiling: true); expected false"
                   : "the KubeSchedulerConfiguration leaves profiling on (enableProfiling is not set, defaults to "
                     "true); expected false",
                 set_field(r, FieldPath::parse("enableProfiling"), "false"));
      return;
    }
    ComponentRule::check(r, ctx);
  }

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    if (c.component == Component::scheduler && c.find("config")) return;
    const Flag* f = c.find("profiling");
    if (f && parse_bool(f->value) == false) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} serves profiling data: {}; expected --profiling=false", c.who,
                            describe_flag("profiling", f, "true")),
                c.set(r, "profiling", "false"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_profiling_enabled() { return std::make_unique<ProfilingEnabled>(); }

}  // namespace shipshape::rules
