// audit-log-retention: an audit log kept too briefly, or in too few or too small files.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "audit-log-retention",
    .section = kCluster,
    .group = "Audit logging",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server writes an audit log but keeps it less than 30 days (`--audit-log-maxage`), in fewer "
        "than 10 old files (`--audit-log-maxbackup`) or rotates it below 100 MB (`--audit-log-maxsize`).",
    .applies_to =
        "kube-apiserver flags of an API server with `--audit-log-path`: static Pods, other workloads that "
        "run it, kubeadm ClusterConfiguration `apiServer.extraArgs`",
    .rationale =
        "Investigations reach back weeks; the checklist asks for 30 to 45 days of logs. An unset flag is 0: "
        "with maxage and maxbackup at 0 nothing bounds the files, with maxsize at 0 the log is never rotated, "
        "and the disk fills until auditing (and with it the API server) fails (CIS Kubernetes Benchmark 1.2.17 "
        "to 1.2.19).",
    .remediation =
        "Set `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100` or more, sized "
        "to the volume that holds the log, or ship the log off the node (webhook or a log agent) and keep it "
        "there.",
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
        - --audit-log-maxage=7
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
        - --audit-log-path=/var/log/kubernetes/audit.log
        - --audit-log-maxage=30
        - --audit-log-maxbackup=10
        - --audit-log-maxsize=100
)",
    .options = {{"min_age_days", OptionType::integer, "30", "the least `--audit-log-maxage` accepted"},
                {"min_backups", OptionType::integer, "10", "the least `--audit-log-maxbackup` accepted"},
                {"min_size_mb", OptionType::integer, "100", "the least `--audit-log-maxsize` accepted"}},
    .notes =
        "Only API servers that write an audit log file are judged (`--audit-log-path` set and not `-`, which "
        "is standard output); a missing log is `audit-log-disabled`. Each flag is its own finding, with a fix "
        "that sets it to the minimum.",
};

class AuditLogRetention final : public ComponentRule {
 public:
  AuditLogRetention() : ComponentRule(kInfo, {Component::apiserver}) {}
  void configure(const Options& options) override {
    limits_[0] = options.get_int("min_age_days");
    limits_[1] = options.get_int("min_backups");
    limits_[2] = options.get_int("min_size_mb");
  }

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* path = c.find("audit-log-path");
    if (!path || path->value.empty() || path->value == "-") return;
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kFlags{
        {{"audit-log-maxage", "days"}, {"audit-log-maxbackup", "old files"}, {"audit-log-maxsize", "MB"}}};
    for (std::size_t i = 0; i < kFlags.size(); ++i) {
      const auto& [name, unit] = kFlags[i];
      const Flag* f = c.find(name);
      std::int64_t value = 0;
      if (f) {
        const auto [p, ec] = std::from_chars(f->value.data(), f->value.data() + f->value.size(), value);
        if (ec != std::errc{} || p != f->value.data() + f->value.size())
          continue;  // not a number: the API server says so
      }
      if (value >= limits_[i]) continue;
      report_flag(ctx, r, c, f,
                  fmt::format("{} keeps too little audit log: {}; expected at least {} {}", c.who,
                              describe_flag(name, f, "0"), limits_[i], unit),
                  c.set(r, name, std::to_string(limits_[i])));
    }
  }

 private:
  std::array<std::int64_t, 3> limits_{30, 10, 100};
};

}  // namespace

std::unique_ptr<Rule> make_audit_log_retention() { return std::make_unique<AuditLogRetention>(); }

}  // namespace shipshape::rules
