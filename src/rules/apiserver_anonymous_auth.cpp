// apiserver-anonymous-auth: an API server that accepts anonymous requests.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-anonymous-auth",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "The API server accepts anonymous requests: `--anonymous-auth` is not `false`.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "With anonymous authentication on (the default), every request without credentials is served as "
        "`system:anonymous` in the group `system:unauthenticated`. It is then one RBAC binding away from "
        "exposing the cluster to anyone who reaches the API port (CIS Kubernetes Benchmark 1.2.1).",
    .remediation =
        "Run the API server with `--anonymous-auth=false`. Health checks that rely on anonymous access "
        "(kubeadm's liveness probes of /livez) can keep it, from Kubernetes 1.32, through an "
        "AuthenticationConfiguration that allows anonymous requests to those paths only.",
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
        - --authorization-mode=Node,RBAC
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
        - --anonymous-auth=false
        - --authorization-mode=Node,RBAC
)",
    .notes =
        "An unset flag counts as `true`, its default, in a static Pod and in a kubeadm ClusterConfiguration "
        "alike (kubeadm does not set it). When `--authentication-config` is given, anonymous access is "
        "configured in that file, which the run does not show, and the rule says nothing. The fix sets "
        "`--anonymous-auth=false`; check the probes of the API server Pod before applying it.",
};

class ApiserverAnonymousAuth final : public ComponentRule {
 public:
  ApiserverAnonymousAuth() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("anonymous-auth");
    if (f ? parse_bool(f->value) == false : c.find("authentication-config") != nullptr) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} serves anonymous requests: {}; expected --anonymous-auth=false", c.who,
                            describe_flag("anonymous-auth", f, "true")),
                c.set(r, "anonymous-auth", "false"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_anonymous_auth() { return std::make_unique<ApiserverAnonymousAuth>(); }

}  // namespace shipshape::rules
