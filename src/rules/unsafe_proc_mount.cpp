// unsafe-proc-mount: containers that see the host's /proc unmasked.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "unsafe-proc-mount",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A container sets securityContext.procMount: Unmasked.",
    .applies_to = "regular, sidecar and init containers of every workload",
    .rationale =
        "The runtime normally masks and makes read-only the parts of /proc that expose the kernel and "
        "the host (such as /proc/kcore, /proc/sysrq-trigger and /proc/sys). Unmasked removes that "
        "protection; it is meant only for nested container runtimes in user-namespaced pods.",
    .remediation = "Remove procMount (or set it to Default).",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: builder
      image: builder:3
      securityContext:
        procMount: Unmasked
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: builder
      image: builder:3
      securityContext:
        procMount: Default
)yaml",
    .notes = "Init containers are checked too. The fix removes the field.",
};

class UnsafeProcMount final : public BasicRule {
 public:
  UnsafeProcMount() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const SecuritySetting mount = EffectiveSecurityContext(r, c).get("procMount");
      if (!mount.value.equals("Unmasked")) continue;
      ctx.report(r, mount.value, mount.path, fmt::format("{} mounts /proc unmasked", c.describe()),
                 remove_field(mount.path));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_unsafe_proc_mount() { return std::make_unique<UnsafeProcMount>(); }

}  // namespace shipshape::rules
