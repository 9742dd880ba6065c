// cpu-limit-set: containers with a CPU limit (CFS throttling).
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "cpu-limit-set",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A container sets a CPU limit.",
    .applies_to = "containers and init containers of every workload",
    .rationale =
        "CPU is compressible: a container over its request only slows down when the node is "
        "busy. A CPU limit instead throttles the container in every scheduling period, even on "
        "an idle node, which shows up as latency spikes that are hard to trace. The checklist "
        "advises leaving the limit unset unless you know you need it.",
    .remediation =
        "Remove resources.limits.cpu and rely on an accurate CPU request, unless you need "
        "hard isolation (for example a Guaranteed pod with exclusive cores).",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {cpu: 250m}
        limits: {cpu: 500m}
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
        requests: {cpu: 250m}
)yaml",
    .notes =
        "Optional: enable it with `--enable cpu-limit-set` or in the configuration. The fix removes "
        "the limit.",
};

class CpuLimitSet final : public BasicRule {
 public:
  CpuLimitSet() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const Value limit = container_resource(c, "limits", "cpu");
      if (!limit || limit.is_null()) continue;
      const FieldPath path = c.path().key("resources").key("limits").key("cpu");
      ctx.report(r, limit, path, fmt::format("{} sets a CPU limit of {}", c.describe(), limit.str()),
                 remove_field(path));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_cpu_limit_set() { return std::make_unique<CpuLimitSet>(); }

}  // namespace shipshape::rules
