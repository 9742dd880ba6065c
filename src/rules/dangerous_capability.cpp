// dangerous-capability: containers that add a Linux capability from the dangerous list.
#include <algorithm>
#include <vector>

#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "dangerous-capability",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A container adds a dangerous Linux capability (option; by default ALL, SYS_ADMIN, NET_ADMIN, "
        "SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH, BPF, PERFMON and SYS_RAWIO).",
    .applies_to = "regular, sidecar and init containers of every workload",
    .rationale =
        "Some capabilities are as good as root on the node: SYS_ADMIN allows mounts and most "
        "container escapes, SYS_MODULE loads kernel modules, SYS_PTRACE reads other processes' memory, "
        "NET_ADMIN reconfigures the network, BPF and PERFMON load kernel programs, DAC_READ_SEARCH "
        "reads any file and SYS_RAWIO talks to devices directly.",
    .remediation =
        "Remove the capability. If the program really needs it, run it as a separate, audited "
        "component and suppress this rule for that object with a reason.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: vpn
spec:
  containers:
    - name: vpn
      image: vpn:2.1
      securityContext:
        capabilities:
          add: [NET_ADMIN]
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
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE]
)yaml",
    .options = {{"capabilities", OptionType::string_list,
                 "[ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH, BPF, PERFMON, SYS_RAWIO]",
                 "capabilities that must not be added (case and a CAP_ prefix do not matter)"}},
    .notes =
        "Names are compared the way runtimes read them: case-insensitively and without the CAP_ prefix, "
        "so cap_sys_admin and CAP_SYS_ADMIN are SYS_ADMIN. ALL in add is reported even when drop also "
        "holds ALL, since the outcome then depends on the runtime. A privileged container gets every "
        "capability anyway; privileged-container reports that. One finding per added capability, each "
        "with a fix that removes that entry.",
};

class DangerousCapability final : public BasicRule {
 public:
  DangerousCapability() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void configure(const Options& options) override {
    dangerous_.clear();
    for (const auto& name : options.get_list("capabilities")) dangerous_.push_back(normalize_capability(name));
  }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const FieldPath add_path = EffectiveSecurityContext(r, c).container_path("capabilities").key("add");
      std::size_t i = 0;
      for (Value item : c["securityContext"]["capabilities"]["add"].items()) {
        const std::string name = normalize_capability(item.str());
        if (std::find(dangerous_.begin(), dangerous_.end(), name) != dangerous_.end()) {
          const FieldPath path = add_path.index(i);
          ctx.report(r, item, path,
                     name == "ALL" ? fmt::format("{} adds every capability (\"{}\")", c.describe(), item.str())
                                   : fmt::format("{} adds the capability {}", c.describe(), item.str()),
                     remove_field(path));
        }
        ++i;
      }
    }
  }

 private:
  std::vector<std::string> dangerous_;
};

}  // namespace

std::unique_ptr<Rule> make_dangerous_capability() { return std::make_unique<DangerousCapability>(); }

}  // namespace shipshape::rules
