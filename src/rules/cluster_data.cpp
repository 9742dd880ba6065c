// Hand-kept tables of component facts per Kubernetes version, and the feature-gate look-up.
//
// Sources of the removed flags and admission plugins: the Kubernetes changelogs
// (CHANGELOG/CHANGELOG-1.x.md in kubernetes/kubernetes) and the pull requests they cite, e.g.
// #89069 (--basic-auth-file, 1.19), #101178 (--kubelet-https, 1.22), #106859 (the API server's
// insecure serving flags, 1.24), #115840 (--pod-eviction-timeout, --enable-taint-manager, 1.27),
// KEP-2845 (klog's flags, 1.26), KEP-2221 (dockershim, 1.24). Only removals those sources state
// are listed; a flag missing here is not reported. Versions before 1.19 are left out.
#include "rules/cluster_data.hpp"

#include <algorithm>
#include <array>

namespace shipshape::rules {
namespace {

using C = Component;
constexpr KubernetesVersion v(int minor) { return {1, minor}; }

// klog's own flags, removed from every component in 1.26 (KEP-2845).
constexpr std::string_view kKlogAdvice =
    "klog's flags are gone: log to stderr (the default) and let the container runtime keep the logs";

constexpr std::array kRemovedFlags{
    // kube-apiserver
    RemovedFlag{C::apiserver, "basic-auth-file", v(19), "use client certificates, tokens or OIDC instead"},
    RemovedFlag{C::apiserver, "kubelet-https", v(22), "drop it: connections to kubelets always use HTTPS"},
    RemovedFlag{C::apiserver, "insecure-port", v(24), "drop it: the API server serves HTTPS only"},
    RemovedFlag{C::apiserver, "insecure-bind-address", v(24), "drop it: the API server serves HTTPS only"},
    RemovedFlag{C::apiserver, "port", v(24), "drop it: the API server serves HTTPS only (--secure-port)"},
    RemovedFlag{C::apiserver, "address", v(24), "drop it; --bind-address sets the address of --secure-port"},
    // kube-controller-manager
    RemovedFlag{C::controller_manager, "port", v(24), "drop it: the controller manager serves HTTPS only"},
    RemovedFlag{C::controller_manager, "address", v(24), "use --bind-address"},
    RemovedFlag{C::controller_manager, "experimental-cluster-signing-duration", v(25),
                "use --cluster-signing-duration"},
    RemovedFlag{C::controller_manager, "pod-eviction-timeout", v(27),
                "drop it: taint-based eviction uses the pods' tolerationSeconds"},
    RemovedFlag{C::controller_manager, "enable-taint-manager", v(27), "drop it: taint-based eviction is always on"},
    // kube-scheduler
    RemovedFlag{C::scheduler, "policy-config-file", v(23), "use a KubeSchedulerConfiguration (--config)"},
    RemovedFlag{C::scheduler, "policy-configmap", v(23), "use a KubeSchedulerConfiguration (--config)"},
    RemovedFlag{C::scheduler, "policy-configmap-namespace", v(23), "use a KubeSchedulerConfiguration (--config)"},
    RemovedFlag{C::scheduler, "use-legacy-policy-config", v(23), "use a KubeSchedulerConfiguration (--config)"},
    // kubelet: dockershim (1.24) and its runtime switch (1.27)
    RemovedFlag{C::kubelet, "docker-endpoint", v(24), "use a CRI runtime (--container-runtime-endpoint)"},
    RemovedFlag{C::kubelet, "image-pull-progress-deadline", v(24), "drop it: it only applied to dockershim"},
    RemovedFlag{C::kubelet, "network-plugin", v(24), "drop it: the container runtime sets up pod networking"},
    RemovedFlag{C::kubelet, "network-plugin-mtu", v(24), "drop it: the container runtime sets up pod networking"},
    RemovedFlag{C::kubelet, "cni-bin-dir", v(24), "configure CNI in the container runtime"},
    RemovedFlag{C::kubelet, "cni-conf-dir", v(24), "configure CNI in the container runtime"},
    RemovedFlag{C::kubelet, "cni-cache-dir", v(24), "configure CNI in the container runtime"},
    RemovedFlag{C::kubelet, "experimental-dockershim-root-directory", v(24), "drop it: dockershim is gone"},
    RemovedFlag{C::kubelet, "container-runtime", v(27), "drop it: only remote (CRI) runtimes remain"},
};

// klog flags are added for every component but etcd (which never had them).
constexpr std::array kKlogFlags{
    std::string_view{"add-dir-header"},   std::string_view{"alsologtostderr"}, std::string_view{"log-backtrace-at"},
    std::string_view{"log-dir"},          std::string_view{"log-file"},        std::string_view{"log-file-max-size"},
    std::string_view{"logtostderr"},      std::string_view{"one-output"},      std::string_view{"skip-headers"},
    std::string_view{"skip-log-headers"}, std::string_view{"stderrthreshold"},
};

constexpr std::array kRemovedPlugins{
    RemovedPlugin{"Initializers", v(14), "drop it"},
    RemovedPlugin{"DenyEscalatingExec", v(18), "drop it; Pod Security admission (`restricted`) covers privileged pods"},
    RemovedPlugin{"DenyExecOnPrivileged", v(18), "drop it; Pod Security admission covers privileged pods"},
    RemovedPlugin{"PodPreset", v(20), "drop it; inject settings with a mutating webhook or kustomize"},
    RemovedPlugin{"PodSecurityPolicy", v(25), "replace it with Pod Security admission (PodSecurity)"},
    RemovedPlugin{"SecurityContextDeny", v(30), "replace it with Pod Security admission (PodSecurity)"},
    RemovedPlugin{"PersistentVolumeLabel", v(31), "drop it: cloud controller managers label volumes"},
};

constexpr std::array kKubeadmFlags{
    KubeadmFlag{C::apiserver, "authorization-mode", "Node,RBAC"},
    KubeadmFlag{C::apiserver, "enable-admission-plugins", "NodeRestriction"},
    KubeadmFlag{C::apiserver, "client-ca-file", "/etc/kubernetes/pki/ca.crt"},
    KubeadmFlag{C::apiserver, "tls-cert-file", "/etc/kubernetes/pki/apiserver.crt"},
    KubeadmFlag{C::apiserver, "tls-private-key-file", "/etc/kubernetes/pki/apiserver.key"},
    KubeadmFlag{C::apiserver, "kubelet-client-certificate", "/etc/kubernetes/pki/apiserver-kubelet-client.crt"},
    KubeadmFlag{C::apiserver, "kubelet-client-key", "/etc/kubernetes/pki/apiserver-kubelet-client.key"},
    KubeadmFlag{C::apiserver, "etcd-cafile", "/etc/kubernetes/pki/etcd/ca.crt"},
    KubeadmFlag{C::apiserver, "etcd-certfile", "/etc/kubernetes/pki/apiserver-etcd-client.crt"},
    KubeadmFlag{C::apiserver, "etcd-keyfile", "/etc/kubernetes/pki/apiserver-etcd-client.key"},
    KubeadmFlag{C::apiserver, "service-account-key-file", "/etc/kubernetes/pki/sa.pub"},
    KubeadmFlag{C::apiserver, "service-account-signing-key-file", "/etc/kubernetes/pki/sa.key"},
    KubeadmFlag{C::apiserver, "secure-port", "6443"},
    KubeadmFlag{C::apiserver, "allow-privileged", "true"},
    KubeadmFlag{C::apiserver, "enable-bootstrap-token-auth", "true"},
    KubeadmFlag{C::controller_manager, "bind-address", "127.0.0.1"},
    KubeadmFlag{C::controller_manager, "use-service-account-credentials", "true"},
    KubeadmFlag{C::controller_manager, "service-account-private-key-file", "/etc/kubernetes/pki/sa.key"},
    KubeadmFlag{C::controller_manager, "root-ca-file", "/etc/kubernetes/pki/ca.crt"},
    KubeadmFlag{C::controller_manager, "client-ca-file", "/etc/kubernetes/pki/ca.crt"},
    KubeadmFlag{C::controller_manager, "leader-elect", "true"},
    KubeadmFlag{C::scheduler, "bind-address", "127.0.0.1"},
    KubeadmFlag{C::scheduler, "leader-elect", "true"},
    KubeadmFlag{C::etcd, "cert-file", "/etc/kubernetes/pki/etcd/server.crt"},
    KubeadmFlag{C::etcd, "key-file", "/etc/kubernetes/pki/etcd/server.key"},
    KubeadmFlag{C::etcd, "trusted-ca-file", "/etc/kubernetes/pki/etcd/ca.crt"},
    KubeadmFlag{C::etcd, "client-cert-auth", "true"},
    KubeadmFlag{C::etcd, "peer-cert-file", "/etc/kubernetes/pki/etcd/peer.crt"},
    KubeadmFlag{C::etcd, "peer-key-file", "/etc/kubernetes/pki/etcd/peer.key"},
    KubeadmFlag{C::etcd, "peer-trusted-ca-file", "/etc/kubernetes/pki/etcd/ca.crt"},
    KubeadmFlag{C::etcd, "peer-client-cert-auth", "true"},
};

constexpr std::array kStrongCiphers{
    std::string_view{"TLS_AES_128_GCM_SHA256"},
    std::string_view{"TLS_AES_256_GCM_SHA384"},
    std::string_view{"TLS_CHACHA20_POLY1305_SHA256"},
    std::string_view{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    std::string_view{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    std::string_view{"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"},
    std::string_view{"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    std::string_view{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    std::string_view{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    std::string_view{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"},
    std::string_view{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};

}  // namespace

std::span<const RemovedFlag> removed_flags() noexcept { return kRemovedFlags; }

std::optional<RemovedFlag> removed_flag(Component c, std::string_view flag, KubernetesVersion target) noexcept {
  for (const RemovedFlag& f : kRemovedFlags) {
    if (f.component == c && f.flag == flag) return target >= f.removed ? std::optional(f) : std::nullopt;
  }
  if (c != Component::etcd && target >= v(26) &&
      std::find(kKlogFlags.begin(), kKlogFlags.end(), flag) != kKlogFlags.end()) {
    return RemovedFlag{c, flag, v(26), kKlogAdvice};
  }
  return std::nullopt;
}

const RemovedPlugin* removed_admission_plugin(std::string_view name, KubernetesVersion target) noexcept {
  for (const RemovedPlugin& p : kRemovedPlugins) {
    if (p.name == name) return target >= p.removed ? &p : nullptr;
  }
  return nullptr;
}

std::span<const KubeadmFlag> kubeadm_flags() noexcept { return kKubeadmFlags; }

bool is_strong_cipher(std::string_view suite) noexcept {
  return std::find(kStrongCiphers.begin(), kStrongCiphers.end(), suite) != kStrongCiphers.end();
}

std::string_view to_string(GateStage s) noexcept {
  switch (s) {
    case GateStage::alpha:
      return "alpha";
    case GateStage::beta:
      return "beta";
    case GateStage::ga:
      return "GA";
    case GateStage::deprecated:
      return "deprecated";
  }
  return "alpha";
}

GateStatus feature_gate_status(std::string_view gate, KubernetesVersion version) noexcept {
  const auto rows = feature_gate_rows();
  const auto it = std::lower_bound(rows.begin(), rows.end(), gate,
                                   [](const GateRow& row, std::string_view name) { return row.name < name; });
  if (it == rows.end() || it->name != gate) return {};
  const auto stages = feature_gate_stage_rows().subspan(it->first_stage, it->stages);
  // Versions past the table's newest minor are judged as that minor: gates do not change on their own.
  const int minor = version.major > 1 ? feature_gate_table_newest_minor()
                                      : std::min(version.minor, feature_gate_table_newest_minor());
  if (it->removed_minor != 0 && minor >= it->removed_minor) {
    return {GateStatus::Kind::removed, stages.empty() ? GateStage::ga : stages.back().stage, v(it->removed_minor)};
  }
  if (stages.empty()) return {};
  if (minor < stages.front().from_minor) {
    return {GateStatus::Kind::not_yet, stages.front().stage, v(stages.front().from_minor)};
  }
  for (auto s = stages.rbegin(); s != stages.rend(); ++s) {
    if (minor >= s->from_minor) return {GateStatus::Kind::active, s->stage, v(s->from_minor)};
  }
  return {};
}

}  // namespace shipshape::rules
