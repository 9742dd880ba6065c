// termination-grace-period-zero: pods that are killed without any time to shut down.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "termination-grace-period-zero",
    .section = kAppDev,
    .group = "Graceful shutdown",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A pod sets terminationGracePeriodSeconds to 0.",
    .applies_to = "the pod spec of every workload (CronJob templates included)",
    .rationale =
        "The grace period is the time between SIGTERM and SIGKILL. At 0 the kubelet kills the "
        "containers outright: requests in flight are dropped, connections are cut without a "
        "goodbye, preStop hooks never run and nothing gets flushed to disk. It also lets a "
        "StatefulSet pod be replaced while the old one may still be running.",
    .remediation =
        "Remove the field (the default is 30 seconds) or set it to the time the application "
        "needs to finish its work after SIGTERM.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  terminationGracePeriodSeconds: 0
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  terminationGracePeriodSeconds: 45
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .notes =
        "Only the value 0 fires; a negative value is rejected or rewritten by the API server and "
        "is not this rule's business. Jobs and CronJobs are checked too: a batch step killed "
        "without warning cannot record where it stopped. The fix sets the field to the "
        "Kubernetes default of 30 seconds.",
};

class TerminationGracePeriodZero final : public BasicRule {
 public:
  TerminationGracePeriodZero() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value grace = r.pod().spec["terminationGracePeriodSeconds"];
    if (!grace.is_scalar() || grace.as_int() != 0) return;
    const FieldPath path = FieldPath::parse(r.pod().spec_path).key("terminationGracePeriodSeconds");
    ctx.report(r, grace, path,
               "terminationGracePeriodSeconds is 0: containers are killed without a chance to shut down",
               set_field(r, path, "30"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_termination_grace_period_zero() { return std::make_unique<TerminationGracePeriodZero>(); }

}  // namespace shipshape::rules
