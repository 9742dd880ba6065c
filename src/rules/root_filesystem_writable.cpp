// root-filesystem-writable: containers whose root filesystem is not read-only.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "root-filesystem-writable",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A container does not set securityContext.readOnlyRootFilesystem: true.",
    .applies_to = "regular, sidecar and init containers of every workload except Windows pods",
    .rationale =
        "A writable root filesystem lets an intruder drop tools, replace binaries and persist changes "
        "for the container's lifetime, and lets a buggy program fill the node's disk. A read-only "
        "image also makes every place the application writes explicit (a volume).",
    .remediation =
        "Set readOnlyRootFilesystem: true and mount an emptyDir volume at the few paths the program "
        "writes to (typically /tmp, caches and pid files).",
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
        readOnlyRootFilesystem: true
)yaml",
    .notes =
        "The field exists only on containers, so the pod's securityContext cannot satisfy it. Init "
        "containers are checked as well; the ones that prepare files should write to a volume. Windows "
        "pods are skipped (the setting is not supported there). The fix sets the field to true; the "
        "program may then need emptyDir volumes for the paths it writes.",
};

class RootFilesystemWritable final : public BasicRule {
 public:
  RootFilesystemWritable() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (windows_pod(r)) return;
    for (const Container& c : r.all_containers()) {
      const SecuritySetting ro = EffectiveSecurityContext(r, c).get("readOnlyRootFilesystem");
      if (ro.value.is_true()) continue;
      if (ro.set() && !ro.value.as_bool()) continue;  // not a boolean: schema-invalid reports it
      const Fix fix = set_field(r, ro.path, "true");
      if (ro.value.is_false()) {
        ctx.report(r, ro.value, ro.path, fmt::format("{} has a writable root filesystem", c.describe()), fix);
      } else {
        ctx.report(r, c.node(), ro.path, fmt::format("{} does not set readOnlyRootFilesystem: true", c.describe()),
                   fix);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_root_filesystem_writable() { return std::make_unique<RootFilesystemWritable>(); }

}  // namespace shipshape::rules
