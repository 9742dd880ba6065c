// memory-request-below-limit: memory request and limit that differ (not Guaranteed).
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "memory-request-below-limit",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::info,
    .enabled = false,
    .summary = "A container's memory request differs from its memory limit.",
    .applies_to = "containers and init containers of every workload",
    .rationale =
        "Memory above the request is borrowed: when the node runs short, the kubelet evicts "
        "pods that use more than they requested, and the kernel may OOM-kill them. Setting the "
        "request equal to the limit makes the memory Guaranteed and the behaviour predictable.",
    .remediation = "Set resources.requests.memory equal to resources.limits.memory.",
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
        limits: {memory: 512Mi}
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
        requests: {memory: 512Mi}
        limits: {memory: 512Mi}
)yaml",
    .notes =
        "Optional. Only fires when both values are set and parse; a missing limit is "
        "memory-limit-missing's business, and a missing request equals the limit. Values are "
        "compared exactly, so `1Gi` equals `1024Mi`. The fix raises the request to the limit.",
};

class MemoryRequestBelowLimit final : public BasicRule {
 public:
  MemoryRequestBelowLimit() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const Value request = container_resource(c, "requests", "memory");
      const Value limit = container_resource(c, "limits", "memory");
      const auto rq = quantity_of(request);
      const auto lq = quantity_of(limit);
      if (!rq || !lq || *rq == *lq) continue;
      const FieldPath path = c.path().key("resources").key("requests").key("memory");
      ctx.report(r, request, path,
                 fmt::format("{} requests {} of memory but may use up to {}", c.describe(), request.str(), limit.str()),
                 set_field(r, path, json_quote(limit.str())));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_memory_request_below_limit() { return std::make_unique<MemoryRequestBelowLimit>(); }

}  // namespace shipshape::rules
