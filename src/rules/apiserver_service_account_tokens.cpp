// apiserver-service-account-tokens: service account tokens that are not checked against etcd, or
// that the API server makes last longer than asked.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-service-account-tokens",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server sets `--service-account-lookup=false` (warning), or leaves "
        "`--service-account-extend-token-expiration` on (info).",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "Without the lookup, a token stays valid after its service account or its Secret was deleted, until "
        "it expires (legacy Secret-based tokens never do). With token expiration extension (the default), "
        "projected tokens that ask for an hour are issued for a year, so a stolen token lives far longer than "
        "its pod expects (CIS Kubernetes Benchmark 1.2.21 and 1.2.30).",
    .remediation =
        "Drop `--service-account-lookup=false` (its default is true) and set "
        "`--service-account-extend-token-expiration=false` once every workload refreshes its projected token "
        "(all current client libraries do).",
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
        - --service-account-lookup=false
        - --service-account-extend-token-expiration=false
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
        - --service-account-extend-token-expiration=false
)",
    .notes =
        "The expiration extension is reported at info severity, since it is the default (and kubeadm's) and "
        "exists so that old clients keep working; the lookup switched off is a warning. The fixes set the "
        "flags.",
};

class ApiserverServiceAccountTokens final : public ComponentRule {
 public:
  ApiserverServiceAccountTokens() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* lookup = c.find("service-account-lookup");
    if (lookup && parse_bool(lookup->value) == false) {
      report_flag(ctx, r, c, lookup,
                  fmt::format("{} accepts tokens of deleted service accounts (--service-account-lookup=false); "
                              "expected --service-account-lookup=true",
                              c.who),
                  c.set(r, "service-account-lookup", "true"));
    }
    const Flag* extend = c.find("service-account-extend-token-expiration");
    if (!extend || parse_bool(extend->value) != false) {
      report_flag(ctx, r, c, extend,
                  fmt::format("{} extends the lifetime of projected service account tokens: {}; expected "
                              "--service-account-extend-token-expiration=false",
                              c.who, describe_flag("service-account-extend-token-expiration", extend, "true")),
                  c.set(r, "service-account-extend-token-expiration", "false"), Severity::info);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_service_account_tokens() {
  return std::make_unique<ApiserverServiceAccountTokens>();
}

}  // namespace shipshape::rules
