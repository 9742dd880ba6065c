// apiserver-admission-plugins: admission plugins that must be on (or off) for a safe API server.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-admission-plugins",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server enables `AlwaysAdmit`, does not enable `NodeRestriction`, or disables `ServiceAccount` "
        "or `NamespaceLifecycle`.",
    .applies_to =
        "kube-apiserver flags `--enable-admission-plugins`, `--disable-admission-plugins` and the older "
        "`--admission-control`: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "`AlwaysAdmit` accepts every request, defeating the other plugins. `NodeRestriction` keeps a kubelet "
        "to its own Node object and the pods bound to it; without it a compromised node can relabel other "
        "nodes and attract workloads. `ServiceAccount` gives pods their service accounts and tokens and "
        "enforces their references; `NamespaceLifecycle` refuses objects in namespaces that do not exist or "
        "are being deleted (CIS Kubernetes Benchmark 1.2.10, 1.2.12 to 1.2.14).",
    .remediation =
        "Add `NodeRestriction` to `--enable-admission-plugins`, remove `AlwaysAdmit` from it, and remove "
        "`ServiceAccount` and `NamespaceLifecycle` from `--disable-admission-plugins`.",
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
        - --enable-admission-plugins=AlwaysAdmit
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
        - --enable-admission-plugins=NodeRestriction
)",
    .notes =
        "`ServiceAccount` and `NamespaceLifecycle` are on by default, `NodeRestriction` is not; kubeadm enables "
        "`NodeRestriction` itself. With the deprecated `--admission-control`, its list is the whole set of "
        "plugins (defaults included), so the default plugins must be named there. Plugins that the target "
        "version no longer has are reported by `component-flag-removed`. Each problem is one finding; the "
        "fixes edit the flag's list.",
};

bool contains(const std::vector<std::string_view>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string without(const std::vector<std::string_view>& list, std::string_view item) {
  std::string out;
  for (auto p : list) {
    if (p != item) out += fmt::format("{}{}", out.empty() ? "" : ",", p);
  }
  return out;
}

class ApiserverAdmissionPlugins final : public ComponentRule {
 public:
  ApiserverAdmissionPlugins() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* legacy = c.find("admission-control");
    const Flag* enable = c.find("enable-admission-plugins");
    const Flag* disable = c.find("disable-admission-plugins");
    const auto enabled = split_list(enable ? std::string_view(enable->value) : std::string_view{});
    const auto disabled = split_list(disable ? std::string_view(disable->value) : std::string_view{});
    const auto listed = split_list(legacy ? std::string_view(legacy->value) : std::string_view{});

    if (contains(enabled, "AlwaysAdmit")) {
      const auto rest = without(enabled, "AlwaysAdmit");
      report_flag(ctx, r, c, enable,
                  fmt::format("{} enables AlwaysAdmit ({}), which admits every request; expected it off", c.who,
                              enable->text()),
                  rest.empty() ? c.remove(*enable) : c.set(r, "enable-admission-plugins", rest));
    }
    if (legacy && contains(listed, "AlwaysAdmit")) {
      report_flag(ctx, r, c, legacy,
                  fmt::format("{} enables AlwaysAdmit ({}), which admits every request; expected it off", c.who,
                              legacy->text()));
    }
    if (!contains(enabled, "NodeRestriction") && !contains(listed, "NodeRestriction")) {
      const Flag* at = enable ? enable : legacy;
      const std::string list = enable ? enable->value + ",NodeRestriction" : "NodeRestriction";
      report_flag(
          ctx, r, c, at,
          fmt::format("{} does not enable NodeRestriction ({}); expected it in --enable-admission-plugins", c.who,
                      describe_flag(legacy && !enable ? "admission-control" : "enable-admission-plugins", at)),
          legacy && !enable ? Fix{} : c.set(r, "enable-admission-plugins", list));
    }
    for (std::string_view plugin : {"ServiceAccount", "NamespaceLifecycle"}) {
      if (contains(disabled, plugin)) {
        const auto rest = without(disabled, plugin);
        report_flag(ctx, r, c, disable,
                    fmt::format("{} disables {} ({}); expected it on", c.who, plugin, disable->text()),
                    rest.empty() ? c.remove(*disable) : c.set(r, "disable-admission-plugins", rest));
      } else if (legacy && !contains(listed, plugin)) {
        report_flag(
            ctx, r, c, legacy,
            fmt::format("{} leaves out {} ({}), so it is off; expected it in the list", c.who, plugin, legacy->text()));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_admission_plugins() { return std::make_unique<ApiserverAdmissionPlugins>(); }

}  // namespace shipshape::rules
