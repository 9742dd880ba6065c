// Facts about Kubernetes components per version: removed flags and admission plugins, the flags
// kubeadm writes, strong TLS cipher suites, and the feature-gate table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "rules/cluster.hpp"

namespace shipshape::rules {

/// A flag a component no longer accepts from a version on: given it, the component does not start.
struct RemovedFlag {
  Component component;
  std::string_view flag;
  KubernetesVersion removed;  // the first version without it
  std::string_view advice;    // what to do instead
};
/// The removal of `c`'s flag `flag`, when `target` no longer has it (`flag` is viewed, not copied).
[[nodiscard]] std::optional<RemovedFlag> removed_flag(Component c, std::string_view flag,
                                                      KubernetesVersion target) noexcept;
[[nodiscard]] std::span<const RemovedFlag> removed_flags() noexcept;

/// An admission plugin the API server no longer knows from a version on (it refuses to start).
struct RemovedPlugin {
  std::string_view name;
  KubernetesVersion removed;
  std::string_view advice;
};
[[nodiscard]] const RemovedPlugin* removed_admission_plugin(std::string_view name, KubernetesVersion target) noexcept;

/// A flag kubeadm writes into the static Pod manifests it generates (extraArgs override it).
struct KubeadmFlag {
  Component component;
  std::string_view name;
  std::string_view value;
};
[[nodiscard]] std::span<const KubeadmFlag> kubeadm_flags() noexcept;

/// Whether a TLS cipher suite is in the strong set (ECDHE with AES-GCM or ChaCha20-Poly1305, and
/// the TLS 1.3 suites), as the CIS Benchmark lists it.
[[nodiscard]] bool is_strong_cipher(std::string_view suite) noexcept;

// --- feature gates -------------------------------------------------------------------------------

enum class GateStage : std::uint8_t { alpha, beta, ga, deprecated };
[[nodiscard]] std::string_view to_string(GateStage s) noexcept;

/// What a feature gate is in one Kubernetes version.
struct GateStatus {
  enum class Kind : std::uint8_t {
    unknown,  // not in the table
    not_yet,  // introduced after the version
    active,   // accepted, at `stage`
    removed,  // no longer accepted since `version`
  };
  Kind kind = Kind::unknown;
  GateStage stage = GateStage::alpha;
  KubernetesVersion version;  // active: since when at this stage; not_yet: introduction; removed: removal
};
[[nodiscard]] GateStatus feature_gate_status(std::string_view gate, KubernetesVersion v) noexcept;

/// One stage of a gate in the generated table: versions from..to (to = 0: still at that stage).
struct GateStageRow {
  GateStage stage;
  std::uint8_t from_minor;
  std::uint8_t to_minor;
};
struct GateRow {
  std::string_view name;
  std::uint16_t first_stage;  // index into the stage rows
  std::uint8_t stages;
  std::uint8_t removed_minor;  // 0 when not removed
};
/// The generated table (src/rules/feature_gate_table.cpp), sorted by name.
[[nodiscard]] std::span<const GateRow> feature_gate_rows() noexcept;
[[nodiscard]] std::span<const GateStageRow> feature_gate_stage_rows() noexcept;
/// The newest minor version the table knows.
[[nodiscard]] int feature_gate_table_newest_minor() noexcept;

}  // namespace shipshape::rules
