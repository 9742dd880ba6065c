// Settings of control-plane and node components, read from where they are kept: container
// command lines (static Pods), kubeadm configurations and KubeletConfiguration objects.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/ranges.h>

#include "rules/common.hpp"

namespace shipshape::rules {

/// A Kubernetes component whose flags the cluster-configuration rules read.
enum class Component : std::uint8_t { apiserver, controller_manager, scheduler, etcd, kubelet, kube_proxy };

/// `kube-apiserver`, `kube-controller-manager`, `kube-scheduler`, `etcd`, `kubelet`, `kube-proxy`.
[[nodiscard]] std::string_view binary_name(Component c) noexcept;

/// How one flag was written.
enum class FlagForm : std::uint8_t {
  joined,    // `--name=value` in one argv item
  separate,  // `--name` then `value` in the next item
  bare,      // `--name` alone (a boolean set to true)
  script,    // inside a shell script: positions point at the script
  map,       // a kubeadm extraArgs map entry (v1beta3 and older)
  list,      // a kubeadm extraArgs list entry {name, value} (v1beta4)
  implied,   // written by kubeadm into the manifests it generates, not in the file
};

/// One flag as given, in the order given (a flag given twice appears twice; the last wins).
struct Flag {
  std::string name;   // without the leading dashes
  std::string value;  // `true` for a bare boolean flag
  Value node;         // the node to point at: argv item, map value, list entry; absent when implied
  FieldPath path;     // its path in the object
  FlagForm form = FlagForm::joined;
  std::size_t item = 0;  // argv index, or index in a kubeadm extraArgs list

  [[nodiscard]] bool written() const noexcept { return form != FlagForm::implied; }
  /// `--name=value` as written (or as kubeadm writes it).
  [[nodiscard]] std::string text() const;
};

/// Where a component's flags were found.
enum class FlagSource : std::uint8_t {
  container,        // command and args of a container
  kubeadm,          // a ClusterConfiguration section's extraArgs, over the flags kubeadm writes itself
  kubeadm_kubelet,  // an Init/JoinConfiguration's nodeRegistration.kubeletExtraArgs
};

/// The flags one component runs with, as far as the object tells.
class ComponentFlags {
 public:
  Component component = Component::apiserver;
  FlagSource source = FlagSource::container;
  std::string who;  // for messages: `kube-apiserver in container "api"`, `kube-apiserver (apiServer.extraArgs)`
  Value anchor;     // where a missing flag is reported: the container entry, the kubeadm section, the object
  FieldPath anchor_path;
  std::vector<Flag> flags;
  std::string image;  // the container's image, for version hints

  /// The flag's last occurrence, or null.
  [[nodiscard]] const Flag* find(std::string_view name) const noexcept;
  /// Whether unset flags take the component's built-in defaults. False for a kubelet that also
  /// reads a configuration file (`--config`, or kubeadm's), whose settings the object does not show.
  [[nodiscard]] bool defaults_apply() const noexcept { return defaults_apply_; }

  /// A fix that sets `name` to `value`: changes the last occurrence, or adds the flag. Empty when
  /// the flags sit in a shell script.
  [[nodiscard]] Fix set(const Resource& r, std::string_view name, std::string_view value) const;
  /// A fix that removes a written flag (both items of `--name value`). Empty inside a script.
  [[nodiscard]] Fix remove(const Flag& f) const;

 private:
  friend std::vector<ComponentFlags> component_flags(const Resource& r);
  friend struct FlagsBuilder;
  bool defaults_apply_ = true;
  bool script_ = false;
  bool list_form_ = false;  // kubeadm v1beta4 extraArgs
  FieldPath append_path_;   // the argv list new flags go to, or the kubeadm extraArgs field
};

/// The components `r` configures: containers of a workload that run a component binary (by
/// base name, behind `hyperkube`, or behind `sh -c "exec ..."`; with no command, an image named
/// after the component), the sections of a kubeadm ClusterConfiguration, and the kubelet flags
/// of an Init/JoinConfiguration. Cheap for ordinary objects: one look at each command.
[[nodiscard]] std::vector<ComponentFlags> component_flags(const Resource& r);

/// The comma-separated items of a flag value, trimmed, empty items dropped.
[[nodiscard]] std::vector<std::string_view> split_list(std::string_view value);

/// A boolean as the components parse it (`true`, `false`, `1`, `0`, `t`, `f`, any case).
[[nodiscard]] std::optional<bool> parse_bool(std::string_view text) noexcept;

/// A `--feature-gates` flag or a `featureGates` map entry.
struct GateSetting {
  std::string name;
  std::string value;            // as written
  std::optional<bool> enabled;  // parsed value
  Value node;                   // the flag item or the map value
  FieldPath path;
};
[[nodiscard]] std::vector<GateSetting> gates_of(const Flag& flag);
/// The `featureGates` map of a KubeletConfiguration (or any mapping of gate to boolean).
[[nodiscard]] std::vector<GateSetting> gates_of(Value map, const FieldPath& path);

// --- kubelet settings: flags or KubeletConfiguration -------------------------------------------

/// A kubelet setting that the command line and KubeletConfiguration both carry.
enum class KubeletField : std::uint8_t {
  anonymous_auth,
  authorization_mode,
  read_only_port,
  client_ca_file,
  rotate_certificates,
  server_tls_bootstrap,
  streaming_idle_timeout,
  protect_kernel_defaults,
  make_iptables_chains,
  hostname_override,
  event_qps,
  tls_cert_file,
  tls_private_key_file,
  tls_cipher_suites,
  pod_pids_limit,
  seccomp_default,
  tls_min_version,
};

/// The flag (without dashes) and the KubeletConfiguration field (dotted) of a setting.
[[nodiscard]] std::string_view kubelet_flag(KubeletField f) noexcept;
[[nodiscard]] std::string_view kubelet_config_field(KubeletField f) noexcept;

/// The value of a kubelet setting and where it comes from.
struct KubeletValue {
  enum class Origin : std::uint8_t {
    flag,      // a kubelet flag
    config,    // a KubeletConfiguration field
    default_,  // unset: the default of the flag or of the configuration (kubeadm's when kubeadm writes it)
    unknown,   // unset, and the default is not known (the kubelet reads a file the run does not show), or
               // a kubeadm kubelet flag in the same file overrides the field
  };
  Origin origin = Origin::unknown;
  std::string text;  // scalar text; a list is joined with commas; empty when unset without default
  Value node;        // flag item or field value; for defaults the object or container to point at
  FieldPath path;
  const Flag* flag = nullptr;

  [[nodiscard]] bool known() const noexcept { return origin != Origin::unknown; }
  [[nodiscard]] bool set() const noexcept { return origin == Origin::flag || origin == Origin::config; }
};

/// Kubelet settings from a kubelet's flags or from a KubeletConfiguration object.
class KubeletSettings {
 public:
  /// From a kubelet's flags (a container running the kubelet, or kubeadm's kubeletExtraArgs).
  explicit KubeletSettings(const ComponentFlags& flags);
  /// From a KubeletConfiguration. Fields that a kubeadm Init/JoinConfiguration of the same file
  /// overrides with kubeletExtraArgs are unknown here (the flag is judged on that object); kubeadm's
  /// defaults fill unset fields when the file holds a kubeadm configuration.
  KubeletSettings(const Resource& config, const Index& index);

  [[nodiscard]] KubeletValue get(KubeletField f) const;
  /// `kubelet in container "x"`, `kubelet (nodeRegistration.kubeletExtraArgs)`, `the kubelet` (a KubeletConfiguration).
  [[nodiscard]] const std::string& who() const noexcept { return who_; }
  /// `--read-only-port=10255`, `readOnlyPort: 10255`, `--read-only-port unset (defaults to 10255)`.
  [[nodiscard]] std::string describe(KubeletField f, const KubeletValue& v) const;
  /// How to name the setting in advice: `--read-only-port` or `readOnlyPort`.
  [[nodiscard]] std::string name(KubeletField f) const;
  /// A fix that sets the field (`json` is its JSON value) or the flag (`flag_value`).
  [[nodiscard]] Fix fix(const Resource& r, KubeletField f, std::string_view json, std::string_view flag_value) const;
  /// A fix that removes a setting made by a flag (empty for fields and defaults).
  [[nodiscard]] Fix remove(const KubeletValue& v) const;
  /// The feature gates set (flag or featureGates), in order.
  [[nodiscard]] std::vector<GateSetting> feature_gates() const;
  [[nodiscard]] bool from_config() const noexcept { return config_ != nullptr; }

 private:
  const ComponentFlags* flags_ = nullptr;
  const Resource* config_ = nullptr;
  bool kubeadm_ = false;                      // the file also holds a kubeadm configuration
  std::vector<std::string_view> overridden_;  // flags set by kubeadm kubeletExtraArgs in the same file
  std::string who_;
};

/// Whether `r` is a KubeletConfiguration (kubelet.config.k8s.io).
[[nodiscard]] inline bool is_kubelet_configuration(const Resource& r) noexcept {
  return r.kind() == "KubeletConfiguration" && r.group() == "kubelet.config.k8s.io";
}

/// Calls `fn` with the kubelet settings of `r`: a KubeletConfiguration, or the kubelet flags of
/// containers and kubeadm Init/JoinConfigurations.
template <typename Fn>
void for_each_kubelet(const Resource& r, const Index& index, Fn&& fn) {
  if (is_kubelet_configuration(r)) {
    const KubeletSettings s(r, index);
    fn(s);
    return;
  }
  for (const ComponentFlags& c : component_flags(r)) {
    if (c.component != Component::kubelet) continue;
    const KubeletSettings s(c);
    fn(s);
  }
}

/// Where a feature gate was set: what to call the component, and how to undo the setting.
struct GateSource {
  std::string who;
  const ComponentFlags* flags = nullptr;  // set for a `--feature-gates` flag
  const Flag* flag = nullptr;
};
/// Calls `fn(gate, source)` for every feature gate `r` sets: `--feature-gates` of every component
/// (containers, kubeadm extraArgs and kubeletExtraArgs), `featureGates` of a KubeletConfiguration or a
/// KubeProxyConfiguration. kubeadm's own `featureGates` are not Kubernetes gates and are skipped.
void for_each_feature_gate(const Resource& r, const Index& index,
                           const std::function<void(const GateSetting&, const GateSource&)>& fn);
/// A fix that removes one gate from where it was set.
[[nodiscard]] Fix remove_gate(const Resource& r, const GateSetting& gate, const GateSource& source);
/// Workloads, kubeadm configurations, KubeletConfiguration and KubeProxyConfiguration.
[[nodiscard]] Scope feature_gate_scope();

/// The kinds the cluster rules look at besides workloads.
[[nodiscard]] Scope cluster_scope();
/// cluster_scope() plus KubeletConfiguration.
[[nodiscard]] Scope kubelet_scope();

/// A Kubernetes version for messages, e.g. `1.24`.
[[nodiscard]] std::string version_text(KubernetesVersion v);
/// The Kubernetes version an image tag names (`registry.k8s.io/kube-apiserver:v1.28.3`), if any.
[[nodiscard]] std::optional<KubernetesVersion> image_version(std::string_view image) noexcept;
/// `(the target version is 1.34; the image is v1.22.3: pass --kubernetes-version 1.22 to check
/// against it)` when the image names another minor version, else `(the target version is 1.34)`.
[[nodiscard]] std::string target_note(const ComponentFlags& c, KubernetesVersion target);

// --- rule bases ---------------------------------------------------------------------------------

/// `--name=value` as found, `--name is not set (defaults to d)` or, for kubeadm, `... (kubeadm sets v)`.
[[nodiscard]] std::string describe_flag(std::string_view name, const Flag* f, std::string_view default_value = {});

/// Reports on a flag where it is written, else on the component's anchor (the container entry,
/// the kubeadm section).
void report_flag(Context& ctx, const Resource& r, const ComponentFlags& c, const Flag* f, std::string message,
                 Fix fix = {}, std::optional<Severity> severity = std::nullopt);

/// A rule that judges the flags of some components.
class ComponentRule : public BasicRule {
 public:
  ComponentRule(const RuleInfo& info, std::initializer_list<Component> components)
      : BasicRule(info), components_(components) {}
  [[nodiscard]] Scope scope() const override { return cluster_scope(); }
  void check(const Resource& r, Context& ctx) const override;
  virtual void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const = 0;

 private:
  std::vector<Component> components_;
};

/// A rule that judges kubelet settings, from flags or a KubeletConfiguration.
class KubeletRule : public BasicRule {
 public:
  using BasicRule::BasicRule;
  [[nodiscard]] Scope scope() const override { return kubelet_scope(); }
  void check(const Resource& r, Context& ctx) const override {
    for_each_kubelet(r, ctx.index(), [&](const KubeletSettings& k) { check_kubelet(r, k, ctx); });
  }
  virtual void check_kubelet(const Resource& r, const KubeletSettings& k, Context& ctx) const = 0;
};

/// Reports a kubelet setting where it is set, else on the object or container that lacks it.
void report_kubelet(Context& ctx, const Resource& r, const KubeletValue& v, std::string message, Fix fix = {},
                    std::optional<Severity> severity = std::nullopt);

/// Whether a Go duration (`0`, `0s`, `4h0m0s`, `5m`) is zero. Nothing for a malformed one.
[[nodiscard]] std::optional<bool> duration_is_zero(std::string_view text) noexcept;

}  // namespace shipshape::rules
