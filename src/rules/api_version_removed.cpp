// api-version-removed: objects written in an apiVersion that the target version does not serve.
#include "rules/api_versions.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "api-version-removed",
    .section = kCluster,
    .group = kApiVersions,
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "An object uses an apiVersion that the target Kubernetes version no longer serves (or does not serve "
        "yet); the message names the replacement.",
    .applies_to = "every object of a built-in API group",
    .rationale =
        "The API server refuses the object outright (`no matches for kind \"Deployment\" in version "
        "\"extensions/v1beta1\"`), and with it often the whole apply. Removed versions are the classic cause of "
        "failed upgrades: PodSecurityPolicy, extensions/v1beta1 Deployments and Ingresses, batch/v1beta1 "
        "CronJobs, policy/v1beta1 PodDisruptionBudgets, autoscaling/v2beta2 HorizontalPodAutoscalers, the "
        "flowcontrol betas.",
    .remediation =
        "Move the object to the replacement apiVersion and adapt the fields that changed. PodSecurityPolicy has "
        "no replacement: use Pod Security Admission (namespace labels) or a policy engine.",
    .bad_example = R"(apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: report:1.4
)",
    .good_example = R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: report:1.4
)",
    .notes =
        R"(Judged against `--kubernetes-version` (by default the newest version shipshape knows), with the removals of the Kubernetes deprecated API migration guide and of the OpenAPI documents of every release from 1.16 on (see docs/kubernetes-api.md for the sources and the full table). An apiVersion that arrives after the target (networking.k8s.io/v1 Ingress before 1.19) is reported too: that API server refuses it just the same. An apiVersion that never existed for the kind (`apps/v1beta3`) is schema-invalid's. Custom resources are not judged: their versions are their definitions' business.

The fix rewrites apiVersion only when the replacement's schema accepts every object of the old version and the target serves it (batch/v1beta1 to batch/v1 for CronJobs, autoscaling/v2beta2 to autoscaling/v2, ...); not for Ingress, EndpointSlice, Event or the apps betas of 1.16, whose fields changed, nor for PodDisruptionBudget, whose empty selector changed meaning. Objects that are removed are still checked by schema-invalid against the last release that served them.)",
};

class ApiVersionRemoved final : public BasicRule {
 public:
  ApiVersionRemoved() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }

  void check(const Resource& r, Context& ctx) const override {
    const k8s::Lifecycle* l = lifecycle_of(r);
    const int target = target_minor(ctx.settings());
    if (!l || served_in(r, *l, target)) return;
    std::string message;
    if (l->introduced != 0 && target < l->introduced) {
      message = fmt::format("{} {} is not served before Kubernetes 1.{}, and the target is 1.{}", r.api_version(),
                            r.kind(), l->introduced, target);
    } else {
      const k8s::ApiData& data = k8s::ApiData::get();
      int removed = l->removed;
      if (removed == 0 || removed > target) {
        // Removed by the documents rather than the guide: the first release without it.
        const std::uint64_t minors = data.serving(r.group(), r.version(), r.kind());
        for (int m = target; m > 0 && ((minors >> static_cast<unsigned>(m - 1)) & 1U) == 0; --m) removed = m;
      }
      message = fmt::format("{} {} is no longer served since Kubernetes 1.{} (target 1.{}){}", r.api_version(),
                            r.kind(), removed, target,
                            l->replacement.empty() ? std::string("; it has no replacement") : use_replacement(*l));
    }
    ctx.report(r, r.root()["apiVersion"], FieldPath::parse("apiVersion"), std::move(message),
               replacement_fix(r, *l, target));
  }
};

}  // namespace

std::unique_ptr<Rule> make_api_version_removed() { return std::make_unique<ApiVersionRemoved>(); }

}  // namespace shipshape::rules
