// kubelet-tls: a kubelet serving with a self-signed certificate or weak TLS settings.
#include "rules/cluster.hpp"
#include "rules/cluster_data.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "kubelet-tls",
    .section = kCluster,
    .group = "Nodes",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A kubelet has no serving certificate and key (`tlsCertFile`, `tlsPrivateKeyFile`) nor "
        "`serverTLSBootstrap` (info), or lists TLS cipher suites outside the strong set, or accepts TLS "
        "before 1.2 (warning).",
    .applies_to =
        "KubeletConfiguration objects, kubelet flags of containers that run the kubelet, kubeadm "
        "`nodeRegistration.kubeletExtraArgs`",
    .rationale =
        "Without a serving certificate the kubelet makes itself a self-signed one, which the API server cannot "
        "verify: exec and logs traffic then goes to whoever answers on the node's address. Weak suites and old "
        "protocol versions are open to known attacks (CIS Kubernetes Benchmark 4.2.9, 4.2.12).",
    .remediation =
        "Turn on `serverTLSBootstrap: true` (and approve the kubelets' serving CSRs), or give `tlsCertFile` and "
        "`tlsPrivateKeyFile`; list only ECDHE suites with AES-GCM or ChaCha20-Poly1305 in `tlsCipherSuites`.",
    .bad_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
tlsCipherSuites: [TLS_RSA_WITH_AES_128_CBC_SHA]
)",
    .good_example = R"(apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
serverTLSBootstrap: true
tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
)",
    .notes =
        "The missing serving certificate is reported at info severity, since it is the default of kubeadm "
        "clusters; weak suites and `tlsMinVersion` below VersionTLS12 at warning. The strong set is the one of "
        "`apiserver-weak-ciphers`. Unset suites mean Go's defaults and are not reported. The fix for the suites "
        "keeps the strong ones.",
};

class KubeletTls final : public KubeletRule {
 public:
  KubeletTls() : KubeletRule(kInfo) {}

  void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const override {
    using F = KubeletField;
    const auto cert = k.get(F::tls_cert_file);
    const auto key = k.get(F::tls_private_key_file);
    const auto bootstrap = k.get(F::server_tls_bootstrap);
    const bool bootstraps = parse_bool(bootstrap.text) == true;
    if (cert.known() && key.known() && bootstrap.known() && !bootstraps && (cert.text.empty() || key.text.empty())) {
      const auto& missing = cert.text.empty() ? cert : key;
      report_kubelet(ctx, r, missing,
                     fmt::format("{} serves a self-signed certificate: {} and {}; expected a serving certificate "
                                 "and key, or {}",
                                 k.who(), k.describe(F::tls_cert_file, cert), k.describe(F::tls_private_key_file, key),
                                 k.name(F::server_tls_bootstrap) + (k.from_config() ? ": true" : "=true")),
                     {}, Severity::info);
    }
    const auto suites = k.get(F::tls_cipher_suites);
    if (suites.set()) {
      std::vector<std::string_view> weak;
      std::vector<std::string_view> strong;
      for (auto s : split_list(suites.text)) (is_strong_cipher(s) ? strong : weak).push_back(s);
      if (!weak.empty()) {
        std::string json = "[";
        for (auto s : strong) json += fmt::format("{}{}", json.size() > 1 ? "," : "", json_quote(s));
        json += "]";
        report_kubelet(
            ctx, r, suites,
            fmt::format("{} offers weak TLS cipher suite{} {} ({}); expected only ECDHE suites with "
                        "AES-GCM or ChaCha20-Poly1305",
                        k.who(), weak.size() == 1 ? "" : "s", fmt::join(weak, ", "), k.name(F::tls_cipher_suites)),
            strong.empty() ? Fix{} : k.fix(r, F::tls_cipher_suites, json, fmt::format("{}", fmt::join(strong, ","))));
      }
    }
    const auto min = k.get(F::tls_min_version);
    if (min.set() && (min.text == "VersionTLS10" || min.text == "VersionTLS11")) {
      report_kubelet(ctx, r, min,
                     fmt::format("{} accepts {} ({}); expected VersionTLS12 or later", k.who(), min.text,
                                 k.describe(F::tls_min_version, min)),
                     k.fix(r, F::tls_min_version, "\"VersionTLS12\"", "VersionTLS12"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_kubelet_tls() { return std::make_unique<KubeletTls>(); }

}  // namespace shipshape::rules
