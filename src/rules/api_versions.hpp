// What the api-version-* rules share: the lifecycle of an object's apiVersion in the target
// Kubernetes version, and the fix that moves it to the replacement.
#pragma once

#include <string>

#include "k8s_api/api_data.hpp"
#include "rules/common.hpp"

namespace shipshape::rules {

inline constexpr const char* kApiVersions = "API versions";

/// The target minor version (1.x) of a run.
[[nodiscard]] inline int target_minor(const RunSettings& settings) {
  return settings.kubernetes_version.major == 1 ? settings.kubernetes_version.minor : 99;
}

/// The lifecycle of a built-in object's apiVersion and kind, or null (custom resources, kinds the
/// data knows nothing about).
[[nodiscard]] const k8s::Lifecycle* lifecycle_of(const Resource& r);

/// Whether the target version serves the object's apiVersion and kind (false when it was removed or
/// arrives later); true when the data cannot tell.
[[nodiscard]] bool served_in(const Resource& r, const k8s::Lifecycle& l, int target);

/// Sets apiVersion to the replacement when the replacement accepts every object of the old
/// version and the target serves it; otherwise no fix.
[[nodiscard]] Fix replacement_fix(const Resource& r, const k8s::Lifecycle& l, int target);

/// `; use apps/v1` (or nothing when there is no replacement).
[[nodiscard]] std::string use_replacement(const k8s::Lifecycle& l);

}  // namespace shipshape::rules
