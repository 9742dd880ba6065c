// apiserver-insecure-serving: an API server that serves plain HTTP without authentication.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-insecure-serving",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "The API server serves plain HTTP: `--insecure-port` (or `--port`) is not 0, or "
        "`--insecure-bind-address` (or `--address`) is set, in versions that still have these flags.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "The insecure port skips authentication and authorization altogether: whoever reaches it is "
        "cluster administrator. Before 1.20 it listened on 127.0.0.1:8080 unless turned off, so any process "
        "on a control-plane node (or any address, with `--insecure-bind-address`) owned the cluster "
        "(CIS Kubernetes Benchmark 1.2.18 and 1.2.19 of the older editions).",
    .remediation =
        "Before 1.20, set `--insecure-port=0` and drop `--insecure-bind-address`. From 1.20 to 1.23 the "
        "flags are inert and only 0 is accepted: drop them. Kubernetes 1.24 removed them.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.19.16
      command:
        - kube-apiserver
        - --insecure-bind-address=0.0.0.0
        - --insecure-port=8080
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.19.16
      command:
        - kube-apiserver
        - --insecure-port=0
)",
    .notes =
        "Before 1.20 an unset `--insecure-port` means 8080 and is reported; from 1.20 on, the API server "
        "no longer serves insecurely and refuses to start with a port other than 0, which this rule reports "
        "as such. From 1.24 on, the flags are reported by `component-flag-removed` (the API server would not "
        "start). The fix sets the port to 0 or removes the bind address.",
    .example_config = "kubernetesVersion: \"1.19\"\n",
};

class ApiserverInsecureServing final : public ComponentRule {
 public:
  ApiserverInsecureServing() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const KubernetesVersion target = ctx.settings().kubernetes_version;
    if (removed_flag(c.component, "insecure-port", target)) return;
    const bool inert = target >= KubernetesVersion{1, 20};
    for (std::string_view name : {"insecure-bind-address", "address"}) {
      const Flag* f = c.find(name);
      if (!f || !f->written() || inert) continue;
      report_flag(
          ctx, r, c, f,
          fmt::format("{} serves plain HTTP on {} (--{}); expected no insecure bind address", c.who, f->value, name),
          c.remove(*f));
    }
    const Flag* port = c.find("insecure-port");
    const Flag* alias = c.find("port");
    const Flag* f = port ? port : alias;
    const std::string_view name = port || !alias ? "insecure-port" : "port";
    if (f && f->value == "0") return;
    if (inert) {
      if (!f || !f->written()) return;
      report_flag(ctx, r, c, f,
                  fmt::format("{} has --{}={}: from Kubernetes 1.20 on only 0 is accepted and the API server would "
                              "not start {}",
                              c.who, name, f->value, target_note(c, target)),
                  c.remove(*f));
      return;
    }
    report_flag(ctx, r, c, f,
                fmt::format("{} serves unauthenticated plain HTTP: {}; expected --insecure-port=0", c.who,
                            describe_flag(name, f, "8080")),
                c.set(r, name, "0"));
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_insecure_serving() { return std::make_unique<ApiserverInsecureServing>(); }

}  // namespace shipshape::rules
