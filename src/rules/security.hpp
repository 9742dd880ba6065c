// Shared logic of the pod-security rules: the effective security context of a container.
#pragma once

#include <string>
#include <string_view>

#include "rules/common.hpp"

namespace shipshape::rules {

/// One field of a container's effective security context and where it was found.
struct SecuritySetting {
  Value value;     // the node; absent when neither level sets the field
  FieldPath path;  // the field's path at the level that set it (the container's when unset)
  bool from_pod = false;

  [[nodiscard]] bool set() const noexcept { return value && !value.is_null(); }
};

/// The effective security context of one container. For the fields that exist at both
/// levels (runAsUser, runAsGroup, runAsNonRoot, seccompProfile, seLinuxOptions,
/// appArmorProfile) the container's `securityContext` wins over the pod's; every other
/// field is the container's alone.
class EffectiveSecurityContext {
 public:
  EffectiveSecurityContext(const Resource& r, const Container& c);

  /// The effective value of `field` (a key of `securityContext`).
  [[nodiscard]] SecuritySetting get(std::string_view field) const;
  /// Path of `securityContext.<field>` on the container, for fixes.
  [[nodiscard]] FieldPath container_path(std::string_view field) const;

 private:
  const Resource& resource_;
  const Container& container_;
};

/// Whether the pod runs on Windows nodes (`spec.os.name: windows`, or a node selector on
/// `kubernetes.io/os: windows`), where the Linux-only security settings do not apply.
[[nodiscard]] bool windows_pod(const Resource& r);

/// A Linux capability as the runtimes read it: upper case, without the `CAP_` prefix
/// (`cap_sys_admin` and `CAP_SYS_ADMIN` are both `SYS_ADMIN`).
[[nodiscard]] std::string normalize_capability(std::string_view name);

/// The dotted form of a sysctl name: `net/ipv4/ip_forward` is `net.ipv4.ip_forward` (in
/// the slash form, a dot is part of a segment and becomes a slash).
[[nodiscard]] std::string normalize_sysctl(std::string_view name);

}  // namespace shipshape::rules

namespace shipshape::rules {

/// host-pid, host-ipc and host-network: a pod spec field that shares a host namespace.
class HostNamespaceRule : public BasicRule {
 public:
  /// `field` is `hostPID`, `hostIPC` or `hostNetwork`; `what` names the namespace in messages.
  HostNamespaceRule(const RuleInfo& info, std::string_view field, std::string_view what)
      : BasicRule(info), field_(field), what_(what) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void check(const Resource& r, Context& ctx) const override;

 private:
  std::string_view field_;
  std::string_view what_;
};

}  // namespace shipshape::rules
