// api-version-alpha: objects of built-in groups written in an alpha apiVersion.
#include "rules/api_versions.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "api-version-alpha",
    .section = kCluster,
    .group = kApiVersions,
    .severity = Severity::info,
    .enabled = true,
    .summary = "An object of a built-in API group uses an alpha apiVersion.",
    .applies_to = "every object of a built-in API group (custom resources are not judged)",
    .rationale =
        "Alpha APIs are off unless the cluster enables them (a feature gate and `--runtime-config`), are not "
        "supported by managed Kubernetes offerings, may change incompatibly in any release and can disappear "
        "without a deprecation period. A manifest that depends on one works only on clusters set up for it.",
    .remediation =
        "Use the beta or stable version of the API when there is one; otherwise make sure every cluster "
        "that receives the manifest enables the alpha API, and record why.",
    .bad_example = R"(apiVersion: admissionregistration.k8s.io/v1alpha1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: "object.spec.replicas <= 5"
)",
    .good_example = R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: "object.spec.replicas <= 5"
)",
    .notes =
        R"(Built-in groups are the groups of the Kubernetes API (the core group, apps, batch, resource.k8s.io...); custom resources such as argoproj.io/v1alpha1 are theirs to version. An alpha version that the target no longer serves is reported by api-version-removed instead. The message names the stable replacement when the target serves one.)",
    .example_config = "kubernetesVersion: \"1.30\"\n",
};

bool alpha(std::string_view version) { return version.find("alpha") != std::string_view::npos; }

class ApiVersionAlpha final : public BasicRule {
 public:
  ApiVersionAlpha() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!alpha(r.version()) || !k8s::ApiData::get().builtin_group(r.group())) return;
    const int target = target_minor(ctx.settings());
    const k8s::Lifecycle* l = lifecycle_of(r);
    if (l && !served_in(r, *l, target)) return;  // api-version-removed's
    std::string message = fmt::format(
        "{} {} is an alpha API: off unless the cluster enables it, and free to change "
        "or go away in any release",
        r.api_version(), r.kind());
    if (l && !l->replacement.empty()) {
      const auto gv = split_api_version(l->replacement);
      if (k8s::ApiData::get().catalog(target).find(gv.group, gv.version, r.kind())) {
        message += use_replacement(*l);
      }
    }
    ctx.report(r, r.root()["apiVersion"], FieldPath::parse("apiVersion"), std::move(message));
  }
};

}  // namespace

std::unique_ptr<Rule> make_api_version_alpha() { return std::make_unique<ApiVersionAlpha>(); }

}  // namespace shipshape::rules
