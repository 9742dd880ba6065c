// api-version-deprecated: objects written in an apiVersion that the target version deprecates.
#include "rules/api_versions.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "api-version-deprecated",
    .section = kCluster,
    .group = kApiVersions,
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "An object uses an apiVersion that the target Kubernetes version deprecates; the message names the "
        "replacement and the release that removes it.",
    .applies_to = "every object of a built-in API group",
    .rationale =
        "A deprecated apiVersion still works, but the release that removes it refuses the manifest, typically in "
        "the middle of a cluster upgrade. Moving early is cheap; moving under pressure is not.",
    .remediation =
        "Change apiVersion to the replacement and adapt the fields that changed (the migration guide lists them; "
        "the rule's fix does the rewrite when the replacement accepts the object unchanged).",
    .bad_example = R"(apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
)",
    .good_example = R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
)",
    .notes =
        R"(Judged against `--kubernetes-version` (by default the newest version shipshape knows). The facts come from the Kubernetes deprecated API migration guide and the OpenAPI documents of each release (see docs/kubernetes-api.md): a beta version counts as deprecated from the release that serves a stable version of its kind, unless the guide says otherwise. Once the target no longer serves the version, api-version-removed reports it instead; alpha versions are api-version-alpha's.

The fix rewrites apiVersion only when the replacement's schema accepts every object of the old version (autoscaling/v2beta2 to autoscaling/v2, batch/v1beta1 to batch/v1, the flowcontrol betas to v1 for FlowSchema...) and the target serves it; it is not offered where fields moved (Ingress, EndpointSlice, Event) or where the meaning changed although the fields did not (policy/v1 reads an empty PodDisruptionBudget selector as "every pod").)",
    .example_config = "kubernetesVersion: \"1.24\"\n",
};

class ApiVersionDeprecated final : public BasicRule {
 public:
  ApiVersionDeprecated() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }

  void check(const Resource& r, Context& ctx) const override {
    const k8s::Lifecycle* l = lifecycle_of(r);
    const int target = target_minor(ctx.settings());
    if (!l || l->deprecated == 0 || target < l->deprecated || !served_in(r, *l, target)) return;
    const std::string removal =
        l->removed != 0 ? fmt::format(" and removed in 1.{}", l->removed) : std::string(" (no removal scheduled yet)");
    const std::string replacement =
        l->replacement.empty() ? std::string("; it has no replacement") : use_replacement(*l);
    ctx.report(r, r.root()["apiVersion"], FieldPath::parse("apiVersion"),
               fmt::format("{} {} is deprecated since Kubernetes 1.{}{}{}", r.api_version(), r.kind(), l->deprecated,
                           removal, replacement),
               replacement_fix(r, *l, target));
  }
};

}  // namespace

std::unique_ptr<Rule> make_api_version_deprecated() { return std::make_unique<ApiVersionDeprecated>(); }

}  // namespace shipshape::rules
