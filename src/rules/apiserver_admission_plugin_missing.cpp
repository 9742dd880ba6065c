// apiserver-admission-plugin-missing: recommended admission plugins that are not enabled (optional).
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-admission-plugin-missing",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::info,
    .enabled = false,
    .summary =
        "The API server does not enable an admission plugin of the recommended list (by default "
        "`AlwaysPullImages`, `EventRateLimit` and `DenyServiceExternalIPs`).",
    .applies_to =
        "kube-apiserver flags `--enable-admission-plugins` and `--admission-control`: static Pods and other "
        "workloads that run it, kubeadm ClusterConfiguration `apiServer.extraArgs`",
    .rationale =
        "`AlwaysPullImages` makes every pod pull its images with its own credentials, so a private image "
        "cached on a node cannot be started by a pod that may not pull it. `EventRateLimit` keeps a flood of "
        "events from overloading the API server and etcd. `DenyServiceExternalIPs` refuses Services with "
        "`externalIPs`, which let anyone who may create a Service intercept traffic to any address "
        "(CVE-2020-8554). The CIS Kubernetes Benchmark recommends them as manual checks (1.2.3, 1.2.9, 1.2.11).",
    .remediation =
        "Add the plugins to `--enable-admission-plugins`. `EventRateLimit` also needs its configuration: "
        "`--admission-control-config-file` naming an AdmissionConfiguration with an "
        "`eventratelimit.admission.k8s.io` Configuration.",
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
        - --enable-admission-plugins=NodeRestriction
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
        - --enable-admission-plugins=NodeRestriction,AlwaysPullImages,EventRateLimit,DenyServiceExternalIPs
        - --admission-control-config-file=/etc/kubernetes/admission.yaml
)",
    .options = {{"plugins", OptionType::string_list, "[AlwaysPullImages, EventRateLimit, DenyServiceExternalIPs]",
                 "admission plugins that must be enabled"}},
    .notes =
        "Optional: each of these plugins has a cost (AlwaysPullImages makes pod starts depend on the registry; "
        "DenyServiceExternalIPs breaks Services that use externalIPs on purpose). One finding lists every "
        "missing plugin; the fix appends them to `--enable-admission-plugins`.",
};

class ApiserverAdmissionPluginMissing final : public ComponentRule {
 public:
  ApiserverAdmissionPluginMissing() : ComponentRule(kInfo, {Component::apiserver}) {}
  void configure(const Options& options) override { plugins_ = options.get_list("plugins"); }

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* enable = c.find("enable-admission-plugins");
    const Flag* legacy = c.find("admission-control");
    auto enabled = split_list(enable ? std::string_view(enable->value) : std::string_view{});
    for (auto p : split_list(legacy ? std::string_view(legacy->value) : std::string_view{})) enabled.push_back(p);
    std::vector<std::string_view> missing;
    for (const auto& p : plugins_) {
      if (std::find(enabled.begin(), enabled.end(), p) == enabled.end()) missing.push_back(p);
    }
    if (missing.empty()) return;
    std::string list = enable ? enable->value : std::string{};
    for (auto p : missing) list += fmt::format("{}{}", list.empty() ? "" : ",", p);
    report_flag(ctx, r, c, enable ? enable : legacy,
                fmt::format("{} does not enable the admission plugin{} {} ({}); expected them in "
                            "--enable-admission-plugins",
                            c.who, missing.size() == 1 ? "" : "s", fmt::join(missing, ", "),
                            describe_flag("enable-admission-plugins", enable)),
                c.set(r, "enable-admission-plugins", list));
  }

 private:
  std::vector<std::string> plugins_;
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_admission_plugin_missing() {
  return std::make_unique<ApiserverAdmissionPluginMissing>();
}

}  // namespace shipshape::rules
