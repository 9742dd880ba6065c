// Building Resources from parsed documents (the loader's second half). Not part of the public API.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse.hpp"
#include "problem.hpp"
#include "shipshape/resource.hpp"

namespace shipshape {

/// Turns parsed documents into Resources: expands List kinds, applies the default namespace,
/// finds pod templates and containers, and reports `manifest-invalid` problems.
class ResourceBuilder {
 public:
  ResourceBuilder(std::string default_namespace, std::vector<WorkloadKind> workload_kinds);

  struct Counts {
    std::uint32_t skipped = 0;  // documents that are not manifests (no apiVersion and no kind)
  };
  /// Appends the objects of `doc` to `out` and its problems to `problems`.
  void add(const Document& doc, std::uint32_t file_index, std::vector<Resource>& out, std::vector<Problem>& problems,
           Counts& counts) const;

  /// Marks a resource cluster-scoped (for kinds that a CustomResourceDefinition in the run
  /// declares with `scope: Cluster`).
  static void make_cluster_scoped(Resource& r);
  /// Marks the objects with a pod template whose controller ownerReference names a workload
  /// among `resources` (same namespace, kind and name, and the same uid when both carry one).
  /// Returns how many were marked.
  static std::uint32_t mark_controlled(std::span<Resource> resources);
  static void set_id(Resource& r, std::uint32_t id) { r.id_ = id; }
  static void set_document(Resource& r, std::uint32_t document) { r.source_.document = document; }
  static void set_application(Resource& r, std::uint32_t application) { r.source_.application = application; }

 private:
  void add_object(Value obj, const Document& doc, std::uint32_t file_index, std::vector<Resource>& out,
                  std::vector<Problem>& problems, int depth, const std::string& pointer) const;
  struct Kind {
    std::string group;
    std::string kind;
    std::string_view spec_path;  // dotted path of the pod spec, interned
  };
  const Kind* workload_kind(std::string_view group, std::string_view kind) const noexcept;

  std::string default_namespace_;
  std::vector<Kind> workload_kinds_;
};

}  // namespace shipshape
