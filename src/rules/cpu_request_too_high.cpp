// cpu-request-too-high: long-running containers that reserve more CPU than a threshold.
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "cpu-request-too-high",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::info,
    .enabled = true,
    .summary =
        "A container of a long-running workload requests more CPU than the threshold (option, "
        "default 1 core).",
    .applies_to = "regular and sidecar containers of long-running workloads",
    .rationale =
        "A request is reserved whether it is used or not. Large CPU requests make pods hard to "
        "schedule and leave cores idle; most services scale better as more, smaller replicas.",
    .remediation =
        "Check the container's real usage and lower the request, or scale out with more "
        "replicas. Raise the threshold for workloads that genuinely need big cores.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {cpu: "4"}
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
        requests: {cpu: 500m}
)yaml",
    .options = {{"threshold", OptionType::quantity, "\"1\"", "CPU above which a request is reported"}},
    .notes =
        "When only a CPU limit is set, the limit is the request (Kubernetes copies it) and is "
        "compared instead. Jobs and CronJobs are not checked: batch work may legitimately need "
        "many cores for a short time. Nor are Pods that do not restart, or Helm hook Pods "
        "(annotated `helm.sh/hook`): they are not long-running.",
};

class CpuRequestTooHigh final : public BasicRule {
 public:
  CpuRequestTooHigh() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }
  void configure(const Options& options) override { threshold_ = options.get_quantity("threshold"); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.is_long_running()) return;
    for (const Container& c : r.containers()) {
      const auto amount = effective_request(c, "cpu");
      if (!amount || amount->quantity <= threshold_) continue;
      ctx.report(r, amount->node, c.path().key("resources").key("requests").key("cpu"),
                 fmt::format("{} requests {} CPU, more than the threshold of {}", c.describe(), amount->node.str(),
                             threshold_.str()));
    }
  }

 private:
  Quantity threshold_ = Quantity::from_units(1);
};

}  // namespace

std::unique_ptr<Rule> make_cpu_request_too_high() { return std::make_unique<CpuRequestTooHigh>(); }

}  // namespace shipshape::rules
