// capabilities-not-dropped: containers that keep the runtime's default Linux capabilities.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "capabilities-not-dropped",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A container's securityContext.capabilities.drop does not contain ALL.",
    .applies_to = "regular, sidecar and init containers of every workload except Windows pods",
    .rationale =
        "Container runtimes grant a default set of Linux capabilities (CHOWN, DAC_OVERRIDE, FOWNER, "
        "NET_RAW, SETUID, SETGID and more) that most programs never use. NET_RAW alone allows packet "
        "spoofing on the pod network. Dropping ALL and adding back only what is needed keeps a "
        "compromised process from using them.",
    .remediation =
        "Add capabilities.drop: [ALL] to the container's securityContext and list in "
        "capabilities.add only the capabilities the program needs (for example NET_BIND_SERVICE).",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [NET_RAW]
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
    .notes =
        "Only the exact value ALL counts. Container runtimes also accept all or CAP_ALL, but the Pod "
        "Security Admission restricted profile does not, so those spellings are reported with a fix that "
        "rewrites them. ALL in both add and drop still satisfies this rule; dangerous-capability reports "
        "the add. Init containers are checked too; Windows pods are skipped. The fix appends ALL to the "
        "drop list (or creates it).",
};

class CapabilitiesNotDropped final : public BasicRule {
 public:
  CapabilitiesNotDropped() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    if (windows_pod(r)) return;
    for (const Container& c : r.all_containers()) {
      const FieldPath drop_path = EffectiveSecurityContext(r, c).container_path("capabilities").key("drop");
      const Value drop = c["securityContext"]["capabilities"]["drop"];
      bool exact = false;
      Value misspelt;
      std::size_t misspelt_index = 0;
      std::size_t i = 0;
      for (Value item : drop.items()) {
        if (item.equals("ALL")) exact = true;
        if (!misspelt && !item.equals("ALL") && normalize_capability(item.str()) == "ALL") {
          misspelt = item;
          misspelt_index = i;
        }
        ++i;
      }
      if (exact) continue;
      if (misspelt) {
        const FieldPath path = drop_path.index(misspelt_index);
        ctx.report(r, misspelt, path,
                   fmt::format("{} drops \"{}\", which Pod Security Admission does not accept for ALL", c.describe(),
                               misspelt.str()),
                   {{"replace", path.json_pointer(), "\"ALL\""}});
        continue;
      }
      if (drop.is_sequence()) {
        ctx.report(r, drop, drop_path, fmt::format("{} does not drop ALL capabilities", c.describe()),
                   append_item(r, drop_path, "\"ALL\""));
      } else if (!drop || drop.is_null()) {
        ctx.report(r, c.node(), drop_path, fmt::format("{} does not drop ALL capabilities", c.describe()),
                   append_item(r, drop_path, "\"ALL\""));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_capabilities_not_dropped() { return std::make_unique<CapabilitiesNotDropped>(); }

}  // namespace shipshape::rules
