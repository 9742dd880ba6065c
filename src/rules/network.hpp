// Shared logic of the NetworkPolicy rules.
#pragma once

#include "rules/common.hpp"

namespace shipshape::rules {

/// Whether `r` is a Kubernetes NetworkPolicy (networking.k8s.io, or the old extensions group);
/// Calico's and Cilium's policy kinds use other selector syntaxes and are not read.
[[nodiscard]] inline bool is_network_policy(const Resource& r) {
  return r.kind() == "NetworkPolicy" && (r.group() == "networking.k8s.io" || r.group() == "extensions");
}
/// The scope of the NetworkPolicy rules: the kinds is_network_policy accepts.
[[nodiscard]] inline Scope network_policy_scope() {
  return Scope::kinds({{"networking.k8s.io", "NetworkPolicy"}, {"extensions", "NetworkPolicy"}});
}

/// Whether a NetworkPolicy governs `direction` (`Ingress` or `Egress`): its policyTypes when
/// given; otherwise Ingress always and Egress when it has egress rules, as the API defaults.
[[nodiscard]] inline bool policy_governs(const Resource& np, std::string_view direction) {
  const Value types = np.spec()["policyTypes"];
  if (types.is_sequence() && !types.empty()) {
    for (Value t : types.items()) {
      if (t.equals(direction)) return true;
    }
    return false;
  }
  if (direction == "Ingress") return true;
  return direction == "Egress" && !np.spec()["egress"].empty();
}

}  // namespace shipshape::rules
