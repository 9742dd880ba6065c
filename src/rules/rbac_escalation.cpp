// rbac-escalation: rules that let a subject raise its own privileges.
#include <array>
#include <vector>

#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "rbac-escalation",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A Role or ClusterRole rule grants escalate, bind or impersonate, write access to roles, role "
        "bindings, serviceaccounts/token or admission webhook and policy configurations, or the right to "
        "approve certificate signing requests.",
    .applies_to = "rules of rbac.authorization.k8s.io Roles and ClusterRoles",
    .rationale =
        "RBAC stops subjects from granting permissions they do not hold, except through these doors: "
        "escalate lets a subject write roles beyond its own rights, bind lets it bind any role, "
        "impersonate lets it act as any user, group or service account, writing bindings hands roles "
        "out, and creating service account tokens lets it become those accounts. Changing admission "
        "webhook or policy configurations switches off (or rewrites through a mutating webhook) the "
        "checks that keep privileged pods out, and approving certificate signing requests issues "
        "client certificates for any user, group or node the request names.",
    .remediation =
        "Remove the grant. Controllers that must manage RBAC should be limited with resourceNames to "
        "the roles they own and bound in as few namespaces as possible.",
    .bad_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-manager
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterrolebindings]
    verbs: [create, update]
)yaml",
    .good_example = R"yaml(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-viewer
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterrolebindings]
    verbs: [get, list, watch]
)yaml",
    .notes =
        "Write access means create, update or patch (delete and deletecollection take rights away rather "
        "than grant them), except for admission configurations (Validating/MutatingWebhookConfigurations, "
        "Validating/MutatingAdmissionPolicies and their bindings), where delete counts too: deleting a "
        "webhook removes a guard. Approval means update or patch on certificatesigningrequests/approval, "
        "or approve on signers (the two halves Kubernetes requires; each is reported). Controllers "
        "that patch the CA bundle of their own webhook configuration are reported as well: limit the "
        "grant with resourceNames and suppress the finding after review. The verbs escalate, bind and impersonate are "
        "reported on whatever resources "
        "they are granted; RBAC matching applies, so * in verbs, resources or apiGroups counts. "
        "resourceNames do not silence the rule: binding even one powerful role is an escalation, so "
        "review and suppress such grants explicitly. Aggregated ClusterRoles are not read (see "
        "rbac-wildcard). One finding per rule entry, at the verb that grants it.",
};

struct Door {
  std::string_view group;
  std::string_view resource;
  std::array<std::string_view, 5> verbs;  // empty entries unused
};

const Door kDoors[] = {
    {"rbac.authorization.k8s.io", "clusterroles", {"escalate", "bind", "create", "update", "patch"}},
    {"rbac.authorization.k8s.io", "roles", {"escalate", "bind", "create", "update", "patch"}},
    {"rbac.authorization.k8s.io", "clusterrolebindings", {"create", "update", "patch"}},
    {"rbac.authorization.k8s.io", "rolebindings", {"create", "update", "patch"}},
    {"", "serviceaccounts/token", {"create"}},
    {"", "users", {"impersonate"}},
    {"", "groups", {"impersonate"}},
    {"", "serviceaccounts", {"impersonate"}},
    {"authentication.k8s.io", "userextras", {"impersonate"}},
    {"authentication.k8s.io", "uids", {"impersonate"}},
    // Admission control: whoever rewrites or removes it disables the policies that stop the rest.
    {"admissionregistration.k8s.io", "validatingwebhookconfigurations", {"create", "update", "patch", "delete"}},
    {"admissionregistration.k8s.io", "mutatingwebhookconfigurations", {"create", "update", "patch", "delete"}},
    {"admissionregistration.k8s.io", "validatingadmissionpolicies", {"create", "update", "patch", "delete"}},
    {"admissionregistration.k8s.io", "validatingadmissionpolicybindings", {"create", "update", "patch", "delete"}},
    {"admissionregistration.k8s.io", "mutatingadmissionpolicies", {"create", "update", "patch", "delete"}},
    {"admissionregistration.k8s.io", "mutatingadmissionpolicybindings", {"create", "update", "patch", "delete"}},
    // Approving certificate signing requests mints client certificates for any user or node.
    {"certificates.k8s.io", "certificatesigningrequests/approval", {"update", "patch"}},
    {"certificates.k8s.io", "signers", {"approve"}},
};

class RbacEscalation final : public BasicRule {
 public:
  RbacEscalation() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return rbac_role_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const PolicyRule& rule : policy_rules(r)) {
      std::vector<std::string> what;
      Value at;
      for (const Door& door : kDoors) {
        std::optional<Grant> g;
        for (std::string_view verb : door.verbs) {
          if (!verb.empty() && (g = grants(rule.node, door.group, door.resource, {verb}))) break;
        }
        if (!g) continue;
        if (!at) at = g->verb_node;
        what.push_back(fmt::format("{} on {}", g->verb_node.equals("*") ? "every verb" : g->verb, door.resource));
      }
      // The escalation verbs count on any resource, even ones outside the table above.
      if (what.empty()) {
        for (Value verb : rule.node["verbs"].items()) {
          if (verb.equals("escalate") || verb.equals("bind") || verb.equals("impersonate")) {
            at = verb;
            what.push_back(fmt::format("{}", verb.str()));
            break;
          }
        }
      }
      if (what.empty()) continue;
      ctx.report(r, at, rule.path.key("verbs").index(index_in(rule.node["verbs"], at)),
                 fmt::format("rule grants {}, a path to privilege escalation", short_list(what)));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_rbac_escalation() { return std::make_unique<RbacEscalation>(); }

}  // namespace shipshape::rules
