// seccomp-profile-missing: containers that run without a confining seccomp profile.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "seccomp-profile-missing",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "Neither the container nor the pod sets a seccomp profile of type RuntimeDefault or Localhost "
        "(Unconfined is reported too).",
    .applies_to = "regular, sidecar and init containers of every workload except Windows pods",
    .rationale =
        "Kubernetes runs containers Unconfined by default: every system call of the kernel is "
        "available, including the rarely needed ones behind many container escapes. The runtime's "
        "default profile blocks them at no cost to ordinary programs.",
    .remediation =
        "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (it then applies to "
        "every container), or Localhost with a tailored profile.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .notes =
        "The profile comes from the effective security context: the container's seccompProfile wins over "
        "the pod's, so a container can undo a good pod-level profile with Unconfined (reported at the "
        "container) and a pod-level Unconfined is reported for each container that does not override it. "
        "The seccomp.security.alpha.kubernetes.io annotations are not accepted: current Kubernetes "
        "versions ignore them, and the message says so when they are present. Init containers are "
        "checked as the restricted Pod Security Standard does; Windows pods are skipped. The fix sets "
        "the container's profile to RuntimeDefault.",
};

constexpr std::string_view kPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
constexpr std::string_view kContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

class SeccompProfileMissing final : public BasicRule {
 public:
  SeccompProfileMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (windows_pod(r)) return;
    const Value annotations = r.pod().metadata["annotations"];
    for (const Container& c : r.all_containers()) {
      const EffectiveSecurityContext sc(r, c);
      const SecuritySetting profile = sc.get("seccompProfile");
      const Value type = profile.value["type"];
      if (type.equals("RuntimeDefault") || type.equals("Localhost")) continue;
      const Fix fix = set_field(r, sc.container_path("seccompProfile"), "{\"type\":\"RuntimeDefault\"}");
      if (type.is_scalar()) {
        ctx.report(r, type, FieldPath(profile.path).key("type"),
                   fmt::format("{} runs with seccomp profile {}{}", c.describe(), type.str(),
                               profile.from_pod ? " (set on the pod)" : ""),
                   fix);
        continue;
      }
      const bool legacy =
          annotations[kPodAnnotation] || annotations[std::string(kContainerAnnotationPrefix) + std::string(c.name())];
      ctx.report(r, c.node(), sc.container_path("seccompProfile"),
                 fmt::format("{} has no seccomp profile{}", c.describe(),
                             legacy ? " (the seccomp annotation is ignored by current Kubernetes; use the "
                                      "seccompProfile field)"
                                    : ""),
                 fix);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_seccomp_profile_missing() { return std::make_unique<SeccompProfileMissing>(); }

}  // namespace shipshape::rules
