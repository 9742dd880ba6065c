// A compiled schema: the nodes that the validator walks beside a document tree.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape::k8s {

enum class Type : std::uint8_t { any, object, map, array, string, integer, number, boolean, int_or_string, quantity };

/// What a value must look like beyond its type.
enum class Format : std::uint8_t {
  none,
  int32,
  int64,
  byte,           // base64
  date_time,      // RFC 3339
  dns_label,      // DNS-1123 label
  port_name,      // IANA service name
  port,           // 1-65535
  port_or_unset,  // 0-65535
  port_or_name,   // int-or-string: a port number or an IANA service name
};

enum class ListType : std::uint8_t { none, atomic, set, map };

/// Checks that span several fields of one object, attached to the definitions they concern.
enum class Hook : std::uint8_t {
  none,
  probe,            // exactly one handler
  handler,          // lifecycle handler: exactly one action
  container,        // liveness and startup probes need successThreshold 1; unique port names
  pod_spec,         // container names unique across containers and init containers
  pdb_spec,         // minAvailable and maxUnavailable exclude each other
  job_spec,         // the pod template's restartPolicy is OnFailure or Never
  controller_spec,  // the pod template's restartPolicy is Always
  spread,           // topology spread constraints: maxSkew above 0
};

/// A node, or (with kRefBit) a definition resolved per Kubernetes version.
using NodeRef = std::uint32_t;
inline constexpr NodeRef kRefBit = 0x80000000U;
inline constexpr NodeRef kNoNode = 0xFFFFFFFFU;

struct Property {
  std::string_view name;
  NodeRef node = kNoNode;
};

/// Numeric and size bounds (custom resource schemas use them).
struct Bounds {
  double minimum = 0, maximum = 0;
  std::uint32_t min_length = 0, max_length = 0, min_items = 0, max_items = 0;
  bool has_minimum = false, has_maximum = false, has_max_length = false, has_min_items = false, has_max_items = false;
};

struct Node {
  Type type = Type::any;
  Format format = Format::none;
  ListType list_type = ListType::none;
  Hook hook = Hook::none;
  bool open = false;                // object: fields beyond the properties are allowed
  bool quantity_elsewhere = false;  // quantity: the invalid-quantity rule judges its text
  bool embedded = false;            // an embedded object: apiVersion, kind and metadata are implicit
  std::uint16_t enum_id = 0;        // 1-based, in Schema::enum_values; 0 for none
  std::uint16_t bounds_id = 0;      // 1-based, in Schema::bounds; 0 for none
  std::uint16_t property_count = 0;
  std::uint16_t required_count = 0;
  std::uint16_t key_count = 0;
  std::uint8_t slot_bits = 0;
  std::uint32_t first_property = 0;
  std::uint32_t first_required = 0;
  std::uint32_t first_key = 0;
  std::uint32_t first_slot = 0;
  NodeRef child = kNoNode;  // array items, map values, an object's additional properties
  std::string_view name;    // the definition, for messages (`Container`); may be empty
};

/// A graph of nodes with their properties, sorted by name and hashed for look-up. Strings are
/// views: of the embedded data, of a document tree that outlives the schema, or of copies the
/// schema owns.
class Schema {
 public:
  [[nodiscard]] const Node& node(std::uint32_t i) const noexcept { return nodes_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] std::span<const Property> properties(const Node& n) const noexcept {
    return {properties_.data() + n.first_property, n.property_count};
  }
  /// Indices (into properties()) of the required properties.
  [[nodiscard]] std::span<const std::uint16_t> required(const Node& n) const noexcept {
    return {required_.data() + n.first_required, n.required_count};
  }
  [[nodiscard]] std::span<const std::string_view> keys(const Node& n) const noexcept {
    return {keys_.data() + n.first_key, n.key_count};
  }
  [[nodiscard]] std::span<const std::string_view> enum_values(const Node& n) const noexcept {
    if (n.enum_id == 0) return {};
    return enums_[n.enum_id - 1];
  }
  [[nodiscard]] const Bounds* bounds(const Node& n) const noexcept {
    return n.bounds_id == 0 ? nullptr : &bounds_[n.bounds_id - 1];
  }
  /// The property `key` of an object node, or null.
  [[nodiscard]] const Property* find(const Node& n, std::string_view key) const noexcept;

  // Building.
  /// Appends a node with its properties (any order), required property names and list keys.
  std::uint32_t add(Node node, std::vector<Property> properties = {}, std::span<const std::string_view> required = {},
                    std::span<const std::string_view> keys = {});
  /// Replaces a node added earlier (to close cycles: add a placeholder, fill it in later).
  void set(std::uint32_t index, Node node, std::vector<Property> properties = {},
           std::span<const std::string_view> required = {}, std::span<const std::string_view> keys = {});
  std::uint16_t add_enum(std::vector<std::string_view> values);
  std::uint16_t add_bounds(const Bounds& b);
  /// Keeps a copy of `s` for as long as the schema lives.
  std::string_view own(std::string_view s);
  Node& mutable_node(std::uint32_t i) noexcept { return nodes_[i]; }
  void reserve(std::size_t nodes, std::size_t properties);

 private:
  void fill(Node& node, std::vector<Property> properties, std::span<const std::string_view> required,
            std::span<const std::string_view> keys);

  std::vector<Node> nodes_;
  std::vector<Property> properties_;
  std::vector<std::uint16_t> required_;
  std::vector<std::uint16_t> slots_;  // per object: open-addressing table of property index + 1
  std::vector<std::string_view> keys_;
  std::vector<std::vector<std::string_view>> enums_;
  std::vector<Bounds> bounds_;
  std::deque<std::string> owned_;
};

/// The hash the property tables use.
[[nodiscard]] inline std::uint32_t key_hash(std::string_view s) noexcept {
  if (s.empty()) return 0;
  auto c = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  std::uint32_t h = static_cast<std::uint32_t>(s.size()) * 0x9E3779B1U;
  h ^= c(0) << 8U ^ c(s.size() - 1) ^ c(s.size() / 2) << 16U ^ c(s.size() / 3) << 24U;
  h ^= h >> 15U;
  h *= 0x2C1B3C6DU;
  h ^= h >> 12U;
  return h;
}

}  // namespace shipshape::k8s
