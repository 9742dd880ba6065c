// privilege-escalation-allowed: containers that may gain privileges through setuid binaries.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "privilege-escalation-allowed",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A container does not set securityContext.allowPrivilegeEscalation: false.",
    .applies_to = "regular, sidecar and init containers of every workload except Windows pods",
    .rationale =
        "Unless allowPrivilegeEscalation is false, the kernel's no_new_privs flag stays off and a "
        "process can gain more privileges than its parent, for instance through a setuid binary in "
        "the image. Turning it off closes a whole class of local privilege escalations.",
    .remediation = "Set securityContext.allowPrivilegeEscalation: false on every container.",
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
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: false
)yaml",
    .notes =
        "The field exists only on containers. The default is true, so an unset field is reported. A "
        "privileged container always allows escalation (the API server rejects false next to privileged: "
        "true), so its finding carries no fix; privileged-container reports the root cause. Init "
        "containers are checked too. Windows pods are skipped.",
};

class PrivilegeEscalationAllowed final : public BasicRule {
 public:
  PrivilegeEscalationAllowed() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (windows_pod(r)) return;
    for (const Container& c : r.all_containers()) {
      const EffectiveSecurityContext sc(r, c);
      const SecuritySetting allow = sc.get("allowPrivilegeEscalation");
      if (allow.value.is_false()) continue;
      if (allow.set() && !allow.value.as_bool()) continue;  // not a boolean: schema-invalid reports it
      const bool privileged = sc.get("privileged").value.is_true();
      const Fix fix = privileged ? Fix{} : set_field(r, allow.path, "false");
      const std::string why = privileged ? " (it is privileged, which always allows it)" : "";
      if (allow.value.is_true()) {
        ctx.report(r, allow.value, allow.path, fmt::format("{} allows privilege escalation{}", c.describe(), why), fix);
      } else {
        ctx.report(r, c.node(), allow.path,
                   fmt::format("{} does not set allowPrivilegeEscalation: false{}", c.describe(), why), fix);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_privilege_escalation_allowed() { return std::make_unique<PrivilegeEscalationAllowed>(); }

}  // namespace shipshape::rules
