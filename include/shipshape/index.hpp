// The Index: cross-resource look-ups over every object of a run, built once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/resource.hpp"
#include "shipshape/span.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// A parsed Kubernetes label selector: `matchLabels` AND every `matchExpressions` term
/// (In, NotIn, Exists, DoesNotExist). A Service's plain map selector is the matchLabels form.
class LabelSelector {
 public:
  enum class Op : std::uint8_t { in, not_in, exists, does_not_exist };
  struct Requirement {
    std::string_view key;
    Op op = Op::exists;
    std::vector<std::string_view> values;
  };

  /// Parses a LabelSelector object (`matchLabels`, `matchExpressions`). On a malformed
  /// selector returns nothing and, when `error` is given, says why.
  static std::optional<LabelSelector> parse(Value selector, std::string* error = nullptr);
  /// A plain `key: value` map (Service `spec.selector`, ReplicationController).
  static std::optional<LabelSelector> from_map(Value map, std::string* error = nullptr);

  /// True when the selector has no requirement (selects everything).
  [[nodiscard]] bool empty() const noexcept { return requirements_.empty(); }
  [[nodiscard]] bool matches(Value labels) const noexcept;
  [[nodiscard]] const std::vector<Requirement>& requirements() const noexcept { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

/// Look-ups over the objects of a run, whatever file they came from. All look-ups are hash
/// look-ups or walks of precomputed lists; none scans every object.
///
/// The run is partitioned into applications (Resource::application, docs/applications.md):
/// every look-up but all() and of_kind(kind) sees only the objects of one application, the
/// one of the object it is given or the `application` argument (pass the application of the
/// object being checked). With the run-wide scope every object is in application 0.
class Index {
 public:
  /// Builds the index. `resources` must outlive it and not move.
  explicit Index(Span<const Resource> resources);
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  [[nodiscard]] Span<const Resource> all() const noexcept { return resources_; }
  /// Objects of a kind (any API group), in run order, in every application.
  [[nodiscard]] Span<const Resource* const> of_kind(std::string_view kind) const noexcept;
  /// Objects of a kind in a namespace of an application, in run order.
  [[nodiscard]] Span<const Resource* const> of_kind(std::string_view kind, std::string_view ns,
                                                    std::uint32_t application) const noexcept;
  /// Workloads (objects with a pod template) of a namespace of an application, in run order.
  [[nodiscard]] Span<const Resource* const> workloads(std::string_view ns, std::uint32_t application) const noexcept;
  /// Namespaces that hold at least one workload (in any application), sorted.
  [[nodiscard]] std::vector<std::string_view> workload_namespaces() const;

  /// The first object of an application with this kind, namespace and name (any API group).
  [[nodiscard]] const Resource* find(std::string_view kind, std::string_view ns, std::string_view name,
                                     std::uint32_t application) const noexcept;
  /// Every object of `r`'s application that shares its group, kind, namespace and name, `r`
  /// included, in run order. One element unless the application defines the object more than once.
  [[nodiscard]] Span<const Resource* const> same_object(const Resource& r) const noexcept;

  /// Workloads of an application whose pod labels a selector matches, in a namespace (ad hoc;
  /// prefer the precomputed look-ups below for Services, PodDisruptionBudgets and NetworkPolicies).
  [[nodiscard]] std::vector<const Resource*> select(const LabelSelector& selector, std::string_view ns,
                                                    std::uint32_t application) const;

  /// Workloads of its application that a Service, PodDisruptionBudget or NetworkPolicy (networking.k8s.io; other
  /// groups' NetworkPolicy kinds select nothing here) selects. Empty for
  /// other kinds and for a Service without a selector. Services and PodDisruptionBudgets do not
  /// select Helm hooks (Resource::is_helm_hook).
  [[nodiscard]] Span<const Resource* const> selected_by(const Resource& selecting) const noexcept;
  /// Services, PodDisruptionBudgets or NetworkPolicies (by `kind`) that select a workload.
  [[nodiscard]] Span<const Resource* const> selecting(const Resource& workload, std::string_view kind) const noexcept;
  /// The selector a Service, PodDisruptionBudget or NetworkPolicy uses, if it parsed.
  [[nodiscard]] const LabelSelector* selector_of(const Resource& selecting) const noexcept;

  /// HorizontalPodAutoscalers or VerticalPodAutoscalers (by `kind`) whose target reference
  /// names this object (same application, namespace, kind and name).
  [[nodiscard]] Span<const Resource* const> targeting(const Resource& target, std::string_view kind) const noexcept;
  /// The object an HPA's `scaleTargetRef` or a VPA's `targetRef` names, if in its application.
  [[nodiscard]] const Resource* target_of(const Resource& autoscaler) const noexcept;

  /// Replicas a workload runs with at least: the lowest `minReplicas` (default 1) of the HPAs
  /// targeting it, else `spec.replicas` (default 1). DaemonSets and Pods count as 1.
  [[nodiscard]] std::int64_t effective_replicas(const Resource& workload) const noexcept;

 private:
  /// Whether `r` is one of the indexed objects (its id is its position in the run).
  [[nodiscard]] bool owns(const Resource& r) const noexcept;

  struct Impl;
  Span<const Resource> resources_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shipshape
