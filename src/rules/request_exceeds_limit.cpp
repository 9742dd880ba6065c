// request-exceeds-limit: requests above the limit of the same resource.
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "request-exceeds-limit",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A container requests more of a resource than its limit for the same resource.",
    .applies_to = "containers and init containers of every workload",
    .rationale =
        "The API server rejects such a pod (\"must be less than or equal to limit\"), so the "
        "rollout fails. It usually comes from units mixed up (`500M` versus `500Mi`, `2` versus "
        "`200m`) or from a limit lowered without the request.",
    .remediation = "Make the request at most the limit; compare the units carefully.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {memory: 1Gi}
        limits: {memory: 1000Mi}
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
        requests: {memory: 1000Mi}
        limits: {memory: 1Gi}
)yaml",
    .notes =
        "Every resource that has both a request and a limit is compared (cpu, memory, "
        "ephemeral-storage, extended resources), exactly. Unparseable values are left to "
        "invalid-quantity.",
};

class RequestExceedsLimit final : public BasicRule {
 public:
  RequestExceedsLimit() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const Value limits = c["resources"]["limits"];
      for (const Entry e : c["resources"]["requests"].entries()) {
        const Value limit = limits[e.key.str()];
        const auto rq = quantity_of(e.value);
        const auto lq = quantity_of(limit);
        if (!rq || !lq || *rq <= *lq) continue;
        ctx.report(r, e.value, c.path().key("resources").key("requests").key(e.key.str()),
                   fmt::format("{} requests {} {}, more than its limit of {}", c.describe(), e.value.str(), e.key.str(),
                               limit.str()));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_request_exceeds_limit() { return std::make_unique<RequestExceedsLimit>(); }

}  // namespace shipshape::rules
