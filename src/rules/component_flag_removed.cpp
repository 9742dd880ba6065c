// component-flag-removed: flags and admission plugins the target version no longer has.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "component-flag-removed",
    .section = kCluster,
    .group = "Versions and feature gates",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A component is given a flag that the target Kubernetes version removed, or the API server an "
        "admission plugin it no longer has: the component refuses to start.",
    .applies_to =
        "flags of kube-apiserver, kube-controller-manager, kube-scheduler and the kubelet (static Pods and other "
        "workloads, kubeadm extraArgs and kubeletExtraArgs)",
    .rationale =
        "Components stop at start-up on an unknown flag or admission plugin. Flags that did nothing for years "
        "(`--insecure-port=0`, klog's `--logtostderr`) are the usual surprise of an upgrade: the new control "
        "plane does not come up.",
    .remediation = "Remove the flag (the message says what replaces it, if anything) before upgrading.",
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
        - --insecure-port=0
        - --logtostderr=true
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
      command: [kube-apiserver, --secure-port=6443]
)",
    .notes =
        "The table of removed flags is kept by hand from the Kubernetes changelogs (docs/cluster-data.md lists "
        "it with its sources); flags it does not list are not reported, and etcd, versioned on its own, is not "
        "judged. When the container's image names another Kubernetes version than the target, the message says "
        "so: pass that version with `--kubernetes-version` to check against it. The fix removes the flag or the "
        "plugin.",
};

class ComponentFlagRemoved final : public ComponentRule {
 public:
  ComponentFlagRemoved()
      : ComponentRule(kInfo, {Component::apiserver, Component::controller_manager, Component::scheduler,
                              Component::kubelet, Component::kube_proxy}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const KubernetesVersion target = ctx.settings().kubernetes_version;
    for (const Flag& f : c.flags) {
      if (!f.written()) continue;
      if (const auto removed = removed_flag(c.component, f.name, target)) {
        ctx.report(r, f.node, f.path,
                   fmt::format("{} is given --{}, which Kubernetes {} removed: it would not start {}; {}", c.who,
                               f.name, version_text(removed->removed), target_note(c, target), removed->advice),
                   c.remove(f));
      }
      if (c.component != Component::apiserver) continue;
      if (f.name != "enable-admission-plugins" && f.name != "disable-admission-plugins" &&
          f.name != "admission-control") {
        continue;
      }
      const auto plugins = split_list(f.value);
      for (auto p : plugins) {
        const RemovedPlugin* removed = removed_admission_plugin(p, target);
        if (!removed) continue;
        std::string rest;
        for (auto q : plugins) {
          if (q != p) rest += fmt::format("{}{}", rest.empty() ? "" : ",", q);
        }
        ctx.report(
            r, f.node, f.path,
            fmt::format("{} names the admission plugin {} (--{}), which Kubernetes {} removed: it would not "
                        "start {}; {}",
                        c.who, p, f.name, version_text(removed->removed), target_note(c, target), removed->advice),
            c.find(f.name) != &f ? Fix{}
            : rest.empty()       ? c.remove(f)
                                 : c.set(r, f.name, rest));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_component_flag_removed() { return std::make_unique<ComponentFlagRemoved>(); }

}  // namespace shipshape::rules
