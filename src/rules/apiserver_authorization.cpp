// apiserver-authorization: an API server that authorizes too much, or without Node and RBAC.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-authorization",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "The API server's `--authorization-mode` is missing (so `AlwaysAllow`), includes `AlwaysAllow`, or "
        "lacks `Node` or `RBAC`.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "`AlwaysAllow` lets every authenticated request (and, with anonymous authentication, every request) "
        "do anything. Without `RBAC` the roles and bindings of the cluster have no effect; without `Node`, "
        "kubelets are authorized by RBAC alone and a compromised node can read every Secret instead of only "
        "those of its own pods (CIS Kubernetes Benchmark 1.2.6 to 1.2.8).",
    .remediation = "Run the API server with `--authorization-mode=Node,RBAC` (other modes such as Webhook may follow).",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.34.0
      command: [kube-apiserver, --authorization-mode=AlwaysAllow]
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
      command: [kube-apiserver, "--authorization-mode=Node,RBAC"]
)",
    .notes =
        "kubeadm writes `--authorization-mode=Node,RBAC` itself, so a ClusterConfiguration is reported only "
        "when its extraArgs change that. When `--authorization-config` (structured authorization) is given, "
        "the authorizers are in that file and the rule says nothing. The fix puts `Node,RBAC` first and keeps "
        "the other modes, without `AlwaysAllow`.",
};

class ApiserverAuthorization final : public ComponentRule {
 public:
  ApiserverAuthorization() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("authorization-mode");
    if (!f && c.find("authorization-config")) return;
    const auto modes = split_list(f ? std::string_view(f->value) : std::string_view("AlwaysAllow"));
    const auto has = [&](std::string_view m) { return std::find(modes.begin(), modes.end(), m) != modes.end(); };
    std::vector<std::string> problems;
    if (has("AlwaysAllow")) problems.emplace_back("AlwaysAllow authorizes every request");
    std::vector<std::string_view> missing;
    if (!has("Node")) missing.push_back("Node");
    if (!has("RBAC")) missing.push_back("RBAC");
    if (!missing.empty()) {
      problems.push_back(fmt::format("it lacks {}", fmt::join(missing, " and ")));
    }
    if (problems.empty()) return;
    std::string fixed = "Node,RBAC";
    for (auto m : modes) {
      if (m != "AlwaysAllow" && m != "Node" && m != "RBAC") fixed += fmt::format(",{}", m);
    }
    report_flag(ctx, r, c, f,
                fmt::format("{} has {}: {}; expected --authorization-mode={}", c.who,
                            describe_flag("authorization-mode", f, "AlwaysAllow"), fmt::join(problems, ", "), fixed),
                c.set(r, "authorization-mode", fixed));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_authorization() { return std::make_unique<ApiserverAuthorization>(); }

}  // namespace shipshape::rules
