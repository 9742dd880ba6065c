// Building schemas and looking up properties.
#include "k8s_api/nodes.hpp"

#include <algorithm>
#include <stdexcept>

namespace shipshape::k8s {

const Property* Schema::find(const Node& n, std::string_view key) const noexcept {
  if (n.property_count == 0) return nullptr;
  const std::uint32_t mask = (1U << n.slot_bits) - 1U;
  const std::uint16_t* slots = slots_.data() + n.first_slot;
  const Property* props = properties_.data() + n.first_property;
  for (std::uint32_t i = key_hash(key) & mask;; i = (i + 1) & mask) {
    const std::uint16_t s = slots[i];
    if (s == 0) return nullptr;
    const Property& p = props[s - 1];
    if (p.name == key) return &p;
  }
}

void Schema::reserve(std::size_t nodes, std::size_t properties) {
  nodes_.reserve(nodes);
  properties_.reserve(properties);
  slots_.reserve(properties * 2);
}

std::uint32_t Schema::add(Node node, std::vector<Property> properties, std::span<const std::string_view> required,
                          std::span<const std::string_view> keys) {
  fill(node, std::move(properties), required, keys);
  nodes_.push_back(node);
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void Schema::set(std::uint32_t index, Node node, std::vector<Property> properties,
                 std::span<const std::string_view> required, std::span<const std::string_view> keys) {
  fill(node, std::move(properties), required, keys);
  nodes_[index] = node;
}

void Schema::fill(Node& node, std::vector<Property> properties, std::span<const std::string_view> required,
                  std::span<const std::string_view> keys) {
  if (properties.size() > 0x7FFF) throw std::length_error("an object with too many properties");
  std::sort(properties.begin(), properties.end(), [](const Property& a, const Property& b) { return a.name < b.name; });
  properties.erase(std::unique(properties.begin(), properties.end(),
                               [](const Property& a, const Property& b) { return a.name == b.name; }),
                   properties.end());
  node.first_property = static_cast<std::uint32_t>(properties_.size());
  node.property_count = static_cast<std::uint16_t>(properties.size());
  properties_.insert(properties_.end(), properties.begin(), properties.end());

  node.first_slot = static_cast<std::uint32_t>(slots_.size());
  node.slot_bits = 0;
  if (!properties.empty()) {
    std::uint8_t bits = 1;
    while ((std::size_t{1} << bits) < properties.size() * 2) ++bits;
    node.slot_bits = bits;
    const std::uint32_t mask = (1U << bits) - 1U;
    slots_.resize(slots_.size() + (std::size_t{1} << bits), 0);
    std::uint16_t* slots = slots_.data() + node.first_slot;
    for (std::size_t p = 0; p < properties.size(); ++p) {
      std::uint32_t i = key_hash(properties[p].name) & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = static_cast<std::uint16_t>(p + 1);
    }
  }

  node.first_required = static_cast<std::uint32_t>(required_.size());
  node.required_count = 0;
  for (std::string_view r : required) {
    const auto it = std::lower_bound(properties.begin(), properties.end(), r,
                                     [](const Property& p, std::string_view name) { return p.name < name; });
    if (it == properties.end() || it->name != r) continue;  // required but not declared: ignored
    required_.push_back(static_cast<std::uint16_t>(it - properties.begin()));
    ++node.required_count;
  }
  node.first_key = static_cast<std::uint32_t>(keys_.size());
  node.key_count = static_cast<std::uint16_t>(keys.size());
  keys_.insert(keys_.end(), keys.begin(), keys.end());
}

std::uint16_t Schema::add_enum(std::vector<std::string_view> values) {
  if (enums_.size() >= 0xFFFF) throw std::length_error("too many enums");
  enums_.push_back(std::move(values));
  return static_cast<std::uint16_t>(enums_.size());
}

std::uint16_t Schema::add_bounds(const Bounds& b) {
  if (bounds_.size() >= 0xFFFF) throw std::length_error("too many bounds");
  bounds_.push_back(b);
  return static_cast<std::uint16_t>(bounds_.size());
}

std::string_view Schema::own(std::string_view s) { return owned_.emplace_back(s); }

}  // namespace shipshape::k8s
