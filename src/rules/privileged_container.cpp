// privileged-container: containers that run with every privilege of the host.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "privileged-container",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A container (init containers included) sets securityContext.privileged: true.",
    .applies_to = "regular, sidecar and init containers of every workload",
    .rationale =
        "A privileged container gets every Linux capability, every host device and no seccomp or "
        "AppArmor confinement: a process inside it is root on the node in all but name. One "
        "compromised privileged container is enough to take over the node and every pod on it.",
    .remediation =
        "Remove privileged: true and grant only the specific capabilities the program needs "
        "(capabilities.add), or move the privileged work to a node-level component.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: debug
      image: busybox:1.36
      securityContext:
        privileged: true
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: debug
      image: busybox:1.36
      securityContext:
        privileged: false
)yaml",
    .notes =
        "Init containers are checked too: they run with the same privileges, just earlier. The fix sets "
        "privileged to false.",
};

class PrivilegedContainer final : public BasicRule {
 public:
  PrivilegedContainer() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const EffectiveSecurityContext sc(r, c);
      const SecuritySetting privileged = sc.get("privileged");
      if (!privileged.value.is_true()) continue;
      ctx.report(r, privileged.value, privileged.path, fmt::format("{} runs privileged", c.describe()),
                 set_field(r, privileged.path, "false"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_privileged_container() { return std::make_unique<PrivilegedContainer>(); }

}  // namespace shipshape::rules
