// Validation of objects against the Kubernetes API of the target version, the custom resource
// definitions of the run and configured JSON Schema directories (schema-invalid, field-unknown).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "k8s_api/api_data.hpp"
#include "k8s_api/nodes.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/resource.hpp"

namespace shipshape {
class Context;
class Index;
}  // namespace shipshape

namespace shipshape::k8s {

/// Compiles an OpenAPI v3 schema (a CustomResourceDefinition's `openAPIV3Schema`, or a JSON
/// Schema file of a CRD catalogue) into `schema`. `closed` says whether an object without
/// `additionalProperties` rejects unknown fields (CRDs prune them; plain JSON Schema allows
/// them). The schema keeps views of the Value's strings.
NodeRef compile_openapi(Schema& schema, Value root, bool closed);

/// The schemas of one run: built once before the checks, then read from several threads.
class RunSchemas {
 public:
  /// `minor`: the target Kubernetes version (1.minor). `directories`: JSON Schema catalogues
  /// laid out as `<group>/<kind in lower case>_<version>.json`.
  RunSchemas(int minor, const std::vector<std::string>& directories, const Index& index);
  ~RunSchemas();
  RunSchemas(const RunSchemas&) = delete;
  RunSchemas& operator=(const RunSchemas&) = delete;

  [[nodiscard]] const Catalog& catalog() const noexcept { return *catalog_; }
  /// A custom resource's schema, or kNoNode.
  [[nodiscard]] NodeRef custom(std::string_view group, std::string_view version, std::string_view kind) const noexcept;
  /// Whether a custom kind is defined at all (possibly by disagreeing definitions).
  [[nodiscard]] bool defined(std::string_view group, std::string_view version, std::string_view kind) const noexcept;
  [[nodiscard]] const Schema& custom_schema() const noexcept { return custom_; }
  /// Objects of the run that no schema describes (custom resources without a definition).
  [[nodiscard]] std::uint32_t without_schema() const noexcept { return without_schema_; }
  /// Schema files that could not be read or parsed.
  [[nodiscard]] const std::vector<InputError>& errors() const noexcept { return errors_; }

 private:
  struct CustomKind {
    std::string_view group, version;
    NodeRef root = kNoNode;  // kNoNode when two definitions in the run disagree
    std::uint64_t hash = 0;  // of the definition's schema
  };
  void add_definition(const Resource& crd);
  bool load_from_directories(std::string_view group, std::string_view version, std::string_view kind,
                             const std::vector<std::string>& directories);

  const Catalog* catalog_ = nullptr;
  Schema custom_;
  std::unordered_map<std::string_view, std::vector<CustomKind>> custom_kinds_;  // by kind
  std::vector<std::shared_ptr<const Tree>> files_;                              // keeps file schemas alive
  std::uint32_t without_schema_ = 0;
  std::vector<InputError> errors_;
};

/// Checks objects one at a time and reports to `invalid` (schema-invalid) and `unknown`
/// (field-unknown); either may be null when its rule is off. One per thread.
class Validator {
 public:
  Validator(const RunSchemas& schemas, Context* invalid, Context* unknown);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  void check(const Resource& r);

 private:
  struct Walk;
  const RunSchemas& schemas_;
  Context* invalid_;
  Context* unknown_;
  std::unique_ptr<Walk> walk_;
};

}  // namespace shipshape::k8s
