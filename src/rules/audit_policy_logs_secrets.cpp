// audit-policy-logs-secrets: an audit Policy that writes Secret or token bodies into the log.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "audit-policy-logs-secrets",
    .section = kCluster,
    .group = "Audit logging",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "An audit Policy logs the bodies of requests to Secrets or TokenReviews (level Request or "
        "RequestResponse), or of responses that carry service account tokens (RequestResponse), so the "
        "credentials land in the audit log.",
    .applies_to = "audit Policy objects (audit.k8s.io)",
    .rationale =
        "At Request level the audit log keeps the request body, at RequestResponse the response too: every "
        "Secret written or read, every token checked or issued ends up in plain text in a log file that is "
        "shipped, indexed and kept for weeks, usually with wider access than the Secrets themselves.",
    .remediation =
        "Add a rule at level Metadata for `secrets`, `configmaps` and `tokenreviews` (and `serviceaccounts/token`) "
        "before the rules that log bodies: the first matching rule decides.",
    .bad_example = R"(apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: RequestResponse
)",
    .good_example = R"(apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps, serviceaccounts/token]
      - group: authentication.k8s.io
        resources: [tokenreviews]
  - level: RequestResponse
)",
    .notes =
        "Rules are read in order, as the API server does: the first rule that matches every request for a "
        "resource decides its level; a rule limited to some users, groups, verbs or namespaces only decides for "
        "those, so one of those at Request level or above is reported too. Requests that no rule matches are "
        "not logged. A rule whose `resources` entry lists no resources covers the whole group, subresources "
        "included. A TokenRequest (`serviceaccounts/token`) carries the token in its response only, so only "
        "RequestResponse leaks it. No fix is offered: where to put the Metadata rule is a policy decision.",
};

struct Target {
  std::string_view group;
  std::string_view resource;     // `secrets` or `serviceaccounts`
  std::string_view subresource;  // `token` or empty
  std::string_view what;         // for messages
  bool in_request = true;        // the secret is in the request body (else only in the response)
};

constexpr std::array kTargets{
    Target{"", "secrets", "", "Secrets"},
    Target{"authentication.k8s.io", "tokenreviews", "", "TokenReviews (the tokens being checked)"},
    Target{"", "serviceaccounts", "token", "service account tokens (serviceaccounts/token)", false},
};

/// Whether a rule's `resources` entry names the target (empty list: every resource of the group).
bool names(Value entry, const Target& t) {
  if (entry["group"].str() != t.group) return false;
  const Value list = entry["resources"];
  if (list.empty()) return true;
  for (Value item : list.items()) {
    const auto s = item.str();
    if (s == "*") return true;
    if (t.subresource.empty()) {
      if (s == t.resource) return true;
    } else {
      const auto slash = s.find('/');
      if (slash == std::string_view::npos) continue;
      const auto res = s.substr(0, slash);
      const auto sub = s.substr(slash + 1);
      if ((res == t.resource || res == "*") && (sub == t.subresource || sub == "*")) return true;
    }
  }
  return false;
}

bool limited(Value rule) {
  for (std::string_view key : {"users", "userGroups", "verbs", "namespaces"}) {
    if (!rule[key].empty()) return true;
  }
  return false;
}

class AuditPolicyLogsSecrets final : public BasicRule {
 public:
  AuditPolicyLogsSecrets() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"audit.k8s.io", "Policy"}}); }

  void check(const Resource& r, Context& ctx) const override {
    if (r.group() != "audit.k8s.io") return;
    const Value rules = r.root()["rules"];
    // Rule index -> what it leaks, in rule order.
    std::vector<std::pair<std::size_t, std::vector<std::string_view>>> leaks;
    for (const Target& t : kTargets) {
      std::size_t i = 0;
      for (Value rule : rules.items()) {
        const std::size_t index = i++;
        if (!rule["nonResourceURLs"].empty()) continue;
        const Value resources = rule["resources"];
        bool matches = resources.empty();
        for (Value entry : resources.items()) matches = matches || names(entry, t);
        if (!matches) continue;
        const auto level = rule["level"].str();
        if (level == "RequestResponse" || (level == "Request" && t.in_request)) {
          auto it = std::find_if(leaks.begin(), leaks.end(), [&](const auto& l) { return l.first == index; });
          if (it == leaks.end()) it = leaks.insert(leaks.end(), {index, {}});
          it->second.push_back(t.what);
          break;
        }
        if (!limited(rule)) break;  // this rule decides every request for the target
      }
    }
    std::sort(leaks.begin(), leaks.end());
    for (const auto& [index, what] : leaks) {
      const Value rule = rules[index];
      ctx.report(
          r, rule["level"], FieldPath::parse("rules").index(index).key("level"),
          fmt::format("the audit Policy logs the bodies of {} at level {} (rules[{}]){}; expected Metadata "
                      "for them",
                      fmt::join(what, ", "), rule["level"].str(), index, limited(rule) ? " for some requests" : ""));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_audit_policy_logs_secrets() { return std::make_unique<AuditPolicyLogsSecrets>(); }

}  // namespace shipshape::rules
