// host-port: container ports bound on the node's own address.
#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "host-port",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A container port sets hostPort.",
    .applies_to = "ports of regular, sidecar and init containers of every workload",
    .rationale =
        "A host port opens the container on the node's address, outside Services and NetworkPolicies, "
        "and limits scheduling: two pods asking for the same host port cannot share a node, so "
        "rollouts and scaling stall.",
    .remediation =
        "Remove hostPort and reach the pods through a Service (NodePort or LoadBalancer when traffic "
        "comes from outside the cluster).",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
          hostPort: 8080
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
)yaml",
    .notes =
        "hostPort: 0 means no host port and is not reported. Host-network pods are skipped: every container "
        "port of theirs is on the node anyway, the API server requires hostPort to equal containerPort "
        "there, and host-network reports the pod. The fix removes the field.",
};

class HostPort final : public BasicRule {
 public:
  HostPort() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    if (r.pod().spec["hostNetwork"].is_true()) return;  // host-network reports it; hostPort only restates
    for (const Container& c : r.all_containers()) {
      std::size_t i = 0;
      for (Value port : c["ports"].items()) {
        const Value host = port["hostPort"];
        const auto number = host.as_int();
        if (host.is_scalar() && (!number || *number != 0)) {
          const FieldPath path = c.path().key("ports").index(i).key("hostPort");
          ctx.report(r, host, path, fmt::format("{} binds host port {}", c.describe(), host.str()), remove_field(path));
        }
        ++i;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_host_port() { return std::make_unique<HostPort>(); }

}  // namespace shipshape::rules
