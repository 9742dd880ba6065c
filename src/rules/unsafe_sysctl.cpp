// unsafe-sysctl: pods that set kernel parameters outside the safe, namespaced set.
#include <algorithm>
#include <array>
#include <vector>

#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "unsafe-sysctl",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A pod sets a sysctl outside the safe set.",
    .applies_to = "securityContext.sysctls of the pod spec of every workload",
    .rationale =
        "Only a small set of sysctls is namespaced and harmless to neighbours. Any other one either "
        "changes the whole node's kernel or lets one pod starve the others; the kubelet refuses to "
        "start such a pod unless the node was configured with --allowed-unsafe-sysctls, which is a "
        "node-wide exception made for every pod.",
    .remediation =
        "Remove the sysctl, or tune it on the nodes that need it. If the cluster allows it on "
        "purpose, list it in the rule's allowed option.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  securityContext:
    sysctls:
      - {name: kernel.shmmax, value: "68719476736"}
  containers:
    - name: db
      image: postgres:16
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
  containers:
    - name: web
      image: nginx:1.27
)yaml",
    .options = {{"allowed", OptionType::string_list, "[]",
                 "sysctls the cluster's kubelets allow on purpose (--allowed-unsafe-sysctls); a trailing * "
                 "matches a prefix, as in net.core.*"}},
    .notes =
        "The safe set follows the Kubernetes documentation and the target version "
        "(--kubernetes-version): kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
        "net.ipv4.tcp_syncookies, net.ipv4.ping_group_range (1.18), net.ipv4.ip_unprivileged_port_start "
        "(1.22), net.ipv4.ip_local_reserved_ports (1.27), net.ipv4.tcp_keepalive_time, "
        "net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes (1.29), "
        "net.ipv4.tcp_rmem and net.ipv4.tcp_wmem (1.32). Names written with slashes "
        "(net/ipv4/tcp_syncookies) are read like their dotted form.",
};

struct SafeSysctl {
  std::string_view name;
  int since_minor;
};
constexpr std::array kSafe{
    SafeSysctl{"kernel.shm_rmid_forced", 0},
    SafeSysctl{"net.ipv4.ip_local_port_range", 0},
    SafeSysctl{"net.ipv4.tcp_syncookies", 0},
    SafeSysctl{"net.ipv4.ping_group_range", 18},
    SafeSysctl{"net.ipv4.ip_unprivileged_port_start", 22},
    SafeSysctl{"net.ipv4.ip_local_reserved_ports", 27},
    SafeSysctl{"net.ipv4.tcp_keepalive_time", 29},
    SafeSysctl{"net.ipv4.tcp_fin_timeout", 29},
    SafeSysctl{"net.ipv4.tcp_keepalive_intvl", 29},
    SafeSysctl{"net.ipv4.tcp_keepalive_probes", 29},
    SafeSysctl{"net.ipv4.tcp_rmem", 32},
    SafeSysctl{"net.ipv4.tcp_wmem", 32},
};

class UnsafeSysctl final : public BasicRule {
 public:
  UnsafeSysctl() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void configure(const Options& options) override {
    allowed_.clear();
    for (const auto& name : options.get_list("allowed")) allowed_.push_back(normalize_sysctl(name));
  }

  void check(const Resource& r, Context& ctx) const override {
    const KubernetesVersion target = ctx.settings().kubernetes_version;
    const FieldPath base = FieldPath::parse(r.pod().spec_path).key("securityContext").key("sysctls");
    std::size_t i = 0;
    for (Value sysctl : r.pod().spec["securityContext"]["sysctls"].items()) {
      const Value name = sysctl["name"];
      const std::string normalized = normalize_sysctl(name.str());
      const FieldPath path = base.index(i++).key("name");
      if (!name.is_scalar() || allowed(normalized)) continue;
      const auto safe =
          std::find_if(kSafe.begin(), kSafe.end(), [&](const SafeSysctl& s) { return s.name == normalized; });
      if (safe == kSafe.end()) {
        ctx.report(r, name, path,
                   fmt::format("the pod sets the unsafe sysctl {}; kubelets refuse it unless "
                               "--allowed-unsafe-sysctls lists it",
                               name.str()));
      } else if (target.major == 1 && target.minor < safe->since_minor) {
        ctx.report(r, name, path,
                   fmt::format("the sysctl {} is safe only from Kubernetes 1.{} on (the target is {})", name.str(),
                               safe->since_minor, target.str()));
      }
    }
  }

 private:
  [[nodiscard]] bool allowed(const std::string& name) const {
    for (const auto& a : allowed_) {
      if (a == name) return true;
      if (!a.empty() && a.back() == '*' && name.compare(0, a.size() - 1, a, 0, a.size() - 1) == 0) return true;
    }
    return false;
  }

  std::vector<std::string> allowed_;
};

}  // namespace

std::unique_ptr<Rule> make_unsafe_sysctl() { return std::make_unique<UnsafeSysctl>(); }

}  // namespace shipshape::rules
