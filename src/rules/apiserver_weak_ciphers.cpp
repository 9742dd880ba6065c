// apiserver-weak-ciphers: an API server that offers TLS cipher suites outside the strong set.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-weak-ciphers",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "The API server's `--tls-cipher-suites` lists a suite outside the strong set, or `--tls-min-version` "
        "allows TLS 1.0 or 1.1.",
    .applies_to =
        "kube-apiserver flags: static Pods and other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`",
    .rationale =
        "Suites without forward secrecy (plain RSA key exchange), with CBC mode or with 3DES and RC4 are open "
        "to known attacks (Lucky13, Sweet32, ROBOT); old protocol versions bring their own weaknesses "
        "(CIS Kubernetes Benchmark 1.2.29).",
    .remediation =
        "List only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (and the TLS 1.3 suites), e.g. "
        "`--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305`, and keep "
        "`--tls-min-version` at VersionTLS12 or above.",
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
        - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA
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
        - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
)",
    .notes =
        "The strong set is the CIS Benchmark's: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, "
        "TLS_CHACHA20_POLY1305_SHA256 and the ECDHE_ECDSA and ECDHE_RSA suites with AES_128_GCM_SHA256, "
        "AES_256_GCM_SHA384 or CHACHA20_POLY1305(_SHA256). An unset `--tls-cipher-suites` means Go's "
        "default list, which is not reported. The fix keeps the strong suites of the list when there are any.",
};

class ApiserverWeakCiphers final : public ComponentRule {
 public:
  ApiserverWeakCiphers() : ComponentRule(kInfo, {Component::apiserver}) {}

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("tls-cipher-suites");
    if (f) {
      std::vector<std::string_view> weak;
      std::vector<std::string_view> strong;
      for (auto s : split_list(f->value)) (is_strong_cipher(s) ? strong : weak).push_back(s);
      if (!weak.empty()) {
        report_flag(ctx, r, c, f,
                    fmt::format("{} offers weak TLS cipher suite{} {} (--tls-cipher-suites); expected only ECDHE "
                                "suites with AES-GCM or ChaCha20-Poly1305",
                                c.who, weak.size() == 1 ? "" : "s", fmt::join(weak, ", ")),
                    strong.empty() ? Fix{} : c.set(r, "tls-cipher-suites", fmt::format("{}", fmt::join(strong, ","))));
      }
    }
    const Flag* min = c.find("tls-min-version");
    if (min && (min->value == "VersionTLS10" || min->value == "VersionTLS11")) {
      report_flag(ctx, r, c, min,
                  fmt::format("{} accepts {} (--tls-min-version); expected VersionTLS12 or later", c.who, min->value),
                  c.set(r, "tls-min-version", "VersionTLS12"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_weak_ciphers() { return std::make_unique<ApiserverWeakCiphers>(); }

}  // namespace shipshape::rules
