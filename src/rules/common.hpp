// Helpers that keep each built-in rule a few lines long.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "shipshape/context.hpp"
#include "shipshape/image.hpp"
#include "shipshape/index.hpp"
#include "shipshape/quantity.hpp"
#include "shipshape/resource.hpp"
#include "shipshape/rule.hpp"

namespace shipshape::rules {

// Checklist sections and groups, spelled once.
inline constexpr const char* kAppDev = "Application development";
inline constexpr const char* kGovernance = "Governance";
inline constexpr const char* kCluster = "Cluster configuration";
inline constexpr const char* kInput = "Input";

/// `"text"` as a JSON string literal (escaped).
[[nodiscard]] std::string json_quote(std::string_view text);

/// A fix that sets `path` in `object` to `json` (JSON text): `replace` when the field exists,
/// else one `add` of `{}` per missing (or null) parent mapping, then an `add` of the value, so
/// only what is missing is added and fixes that share a missing parent compose (see
/// docs/fix.md). Empty when a missing parent is a list item or an existing parent has the
/// wrong kind.
[[nodiscard]] Fix set_field(const Resource& object, const FieldPath& path, std::string json);
/// A fix that appends `json` to the list at `list`, creating the list (and its missing
/// parents, as set_field does) when it does not exist.
[[nodiscard]] Fix append_item(const Resource& object, const FieldPath& list, std::string json);
/// Appends the operations of `more` that `into` does not hold yet (a shared `add {}` of a
/// missing parent appears once).
void join_fix(Fix& into, const Fix& more);
/// A fix that removes `path`.
[[nodiscard]] Fix remove_field(const FieldPath& path);

/// The node at `path` inside `object`, or absent.
[[nodiscard]] Value at_path(const Resource& object, const FieldPath& path);

/// `resources.<kind>.<resource>` of a container (kind: `requests` or `limits`).
[[nodiscard]] inline Value container_resource(const Container& c, std::string_view kind, std::string_view resource) {
  return c["resources"][kind][resource];
}

/// The parsed quantity of a node that holds one (a string or a number), or nothing.
[[nodiscard]] std::optional<Quantity> quantity_of(Value v);

/// Whether a LimitRange of the run gives containers in `ns` a default for `resource`:
/// `field` is `defaultRequest` (a request; a `default` limit also implies the request) or
/// `default` (a limit).
[[nodiscard]] bool limitrange_default(const Index& index, std::string_view ns, std::uint32_t application,
                                      std::string_view field, std::string_view resource);

/// `a, b, c and 2 more`: the first `shown` items, then how many were left out.
[[nodiscard]] std::string short_list(const std::vector<std::string>& items, std::size_t shown = 3);

/// Position of `item` (a node of the sequence) in `list`; the list's size when it is not there.
[[nodiscard]] std::size_t index_in(Value list, Value item);

/// Port of a container named `name`, or absent.
[[nodiscard]] Value container_port_named(const Container& c, std::string_view name);

/// The protocol of a containerPort or Service port entry: its `protocol`, TCP when unset.
[[nodiscard]] std::string_view port_protocol(Value port);

/// What a container declares about a port number: nothing, the number for other protocols
/// only (UDP, SCTP), or the number for `protocol`.
enum class PortDeclaration : std::uint8_t { none, other_protocol, declared };
[[nodiscard]] PortDeclaration container_declares(const Container& c, std::string_view number,
                                                 std::string_view protocol = "TCP");

/// Whether a workload is selected by at least one Service of the run.
[[nodiscard]] inline bool served_by_service(const Index& index, const Resource& r) {
  return !index.selecting(r, "Service").empty();
}

/// Calls `visit(container, image, reference)` for every container, init containers included,
/// whose `image` parses as an image reference.
template <typename Visit>
void for_each_image(const Resource& r, Visit&& visit) {
  for (const Container& c : r.all_containers()) {
    const Value image = c["image"];
    if (const auto ref = ImageReference::parse(image.str())) visit(c, image, *ref);
  }
}

/// Convenience base: a rule whose metadata is a static record.
class BasicRule : public Rule {
 public:
  explicit BasicRule(const RuleInfo& info) : info_(info) {}
  [[nodiscard]] const RuleInfo& info() const override { return info_; }

 private:
  const RuleInfo& info_;
};

}  // namespace shipshape::rules

namespace shipshape::rules {

/// Whether `r` is a Kubernetes Ingress (networking.k8s.io, or the old extensions group).
[[nodiscard]] inline bool is_ingress(const Resource& r) {
  return r.kind() == "Ingress" && (r.group() == "networking.k8s.io" || r.group() == "extensions");
}
/// The scope of the Ingress rules: the kinds is_ingress accepts.
[[nodiscard]] inline Scope ingress_scope() {
  return Scope::kinds({{"networking.k8s.io", "Ingress"}, {"extensions", "Ingress"}});
}

}  // namespace shipshape::rules
