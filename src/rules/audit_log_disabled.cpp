// audit-log-disabled: an API server that keeps no audit log, or an audit policy that logs nothing.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "audit-log-disabled",
    .section = kCluster,
    .group = "Audit logging",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server has no `--audit-log-path` or no `--audit-policy-file`, or an audit Policy logs nothing "
        "(no rules, or every rule at level None).",
    .applies_to =
        "kube-apiserver flags (static Pods, other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`) and audit Policy objects (audit.k8s.io)",
    .rationale =
        "The audit log is the record of who did what to the cluster: without it, an incident cannot be "
        "reconstructed and a misuse of credentials goes unseen. The API server audits nothing without a "
        "policy, and writes nowhere without a log path or webhook (CIS Kubernetes Benchmark 1.2.16 and 3.2.1).",
    .remediation =
        "Give the API server `--audit-policy-file` with a Policy that logs at least Metadata for every request, "
        "and `--audit-log-path` (or `--audit-webhook-config-file` to send the events elsewhere).",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command:
        - kube-apiserver
        - --audit-log-path=/var/log/kubernetes/audit.log
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command:
        - kube-apiserver
        - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
        - --audit-log-path=/var/log/kubernetes/audit.log
)",
    .notes =
        "A webhook backend (`--audit-webhook-config-file`) counts as a destination instead of the log path. "
        "kubeadm sets neither flag, so every ClusterConfiguration without them in `apiServer.extraArgs` is "
        "reported. A Policy whose rules are all at level None (or that has none) records nothing, whatever the "
        "flags. No fix is offered: the paths are the cluster's.",
};

class AuditLogDisabled final : public ComponentRule {
 public:
  AuditLogDisabled() : ComponentRule(kInfo, {Component::apiserver}) {}
  [[nodiscard]] Scope scope() const override { return cluster_scope().with_kinds({{"audit.k8s.io", "Policy"}}); }

  void check(const Resource& r, Context& ctx) const override {
    if (r.kind() == "Policy") {
      if (r.group() == "audit.k8s.io") check_policy(r, ctx);
      return;
    }
    ComponentRule::check(r, ctx);
  }

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* policy = c.find("audit-policy-file");
    const Flag* path = c.find("audit-log-path");
    const Flag* webhook = c.find("audit-webhook-config-file");
    std::vector<std::string_view> missing;
    if (!policy || policy->value.empty()) missing.emplace_back("--audit-policy-file");
    if ((!path || path->value.empty()) && (!webhook || webhook->value.empty()))
      missing.emplace_back("--audit-log-path");
    if (missing.empty()) return;
    report_flag(ctx, r, c, nullptr,
                fmt::format("{} keeps no audit log: {} {} not set; expected an audit policy and a log path", c.who,
                            fmt::join(missing, " and "), missing.size() == 1 ? "is" : "are"));
  }

 private:
  static void check_policy(const Resource& r, Context& ctx) {
    const Value rules = r.root()["rules"];
    for (Value rule : rules.items()) {
      const auto level = rule["level"].str();
      if (!level.empty() && level != "None") return;
    }
    ctx.report(r, rules ? rules : r.root(), FieldPath::parse("rules"),
               rules.empty() ? "the audit Policy has no rules, so nothing is logged; expected rules at level Metadata "
                               "or above"
                             : "every rule of the audit Policy is at level None, so nothing is logged; expected rules "
                               "at level Metadata or above");
  }
};

}  // namespace

std::unique_ptr<Rule> make_audit_log_disabled() { return std::make_unique<AuditLogDisabled>(); }

}  // namespace shipshape::rules
