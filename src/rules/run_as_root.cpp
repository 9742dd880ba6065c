// run-as-root: containers whose effective security context lets them run as root.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "run-as-root",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A container's effective security context sets neither runAsNonRoot: true nor a runAsUser "
        "above 0 (an explicit runAsUser: 0 is an error).",
    .applies_to = "regular, sidecar and init containers of every workload except Windows pods",
    .rationale =
        "Without runAsNonRoot or a non-zero runAsUser the container runs as whatever user the image "
        "names, which is root for most images. Root inside a container is one kernel bug or one "
        "misconfigured mount away from root on the node, and it can write anywhere in the image.",
    .remediation =
        "Set securityContext.runAsNonRoot: true (the kubelet then refuses to start an image that "
        "would run as root) and, where the image has no numeric non-root USER, a runAsUser above 0. "
        "Both can be set once at the pod level.",
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
    runAsNonRoot: true
    runAsUser: 101
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .notes =
        "runAsUser and runAsNonRoot are read from the effective security context: the container's value "
        "wins over the pod's. An explicit runAsUser: 0 is reported as an error even next to runAsNonRoot: "
        "true, because that combination cannot start (the kubelet rejects it). Init containers are "
        "checked like the others, as the restricted Pod Security Standard does. Windows pods "
        "(spec.os.name: windows) are skipped: they use windowsOptions.runAsUserName instead. The fix "
        "sets runAsNonRoot: true on the container; the image must then run as a non-root user.",
};

class RunAsRoot final : public BasicRule {
 public:
  RunAsRoot() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (windows_pod(r)) return;
    for (const Container& c : r.all_containers()) {
      const EffectiveSecurityContext sc(r, c);
      const SecuritySetting user = sc.get("runAsUser");
      const SecuritySetting non_root = sc.get("runAsNonRoot");
      const auto uid = user.value.as_int();
      if (uid && *uid == 0) {
        const std::string where = user.from_pod ? " (set on the pod)" : "";
        ctx.report(r, user.value, user.path,
                   non_root.value.is_true()
                       ? fmt::format("{} runs as root: runAsUser is 0{}, which contradicts runAsNonRoot: true "
                                     "and keeps the container from starting",
                                     c.describe(), where)
                       : fmt::format("{} runs as root: runAsUser is 0{}", c.describe(), where),
                   {}, Severity::error);
        continue;
      }
      if (non_root.value.is_true() || (uid && *uid > 0)) continue;
      if (user.set() && !uid) continue;  // not an integer: schema-invalid reports it
      const FieldPath fix_path = sc.container_path("runAsNonRoot");
      if (non_root.value.is_false()) {
        ctx.report(r, non_root.value, non_root.path,
                   fmt::format("{} may run as root: runAsNonRoot is false{} and no runAsUser above 0 is set",
                               c.describe(), non_root.from_pod ? " on the pod" : ""),
                   set_field(r, fix_path, "true"));
        continue;
      }
      ctx.report(
          r, c.node(), fix_path,
          fmt::format("{} may run as root: neither runAsNonRoot: true nor a runAsUser above 0 is set", c.describe()),
          set_field(r, fix_path, "true"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_run_as_root() { return std::make_unique<RunAsRoot>(); }

}  // namespace shipshape::rules
