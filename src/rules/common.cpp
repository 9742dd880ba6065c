// Shared rule helpers: JSON patches, quantities, LimitRange defaults, ports.
#include "rules/common.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json.hpp"

namespace shipshape::rules {

std::string json_quote(std::string_view text) {
  json::StringBuffer buffer;
  json::Writer<json::StringBuffer> w(buffer);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return {buffer.GetString(), buffer.GetSize()};
}

Value at_path(const Resource& object, const FieldPath& path) {
  Value v = object.root();
  for (const auto& s : path.segments()) {
    v = s.index >= 0 ? v[static_cast<std::size_t>(s.index)] : v[s.key];
    if (!v) break;
  }
  return v;
}

Fix set_field(const Resource& object, const FieldPath& path, std::string json) {
  const auto& segments = path.segments();
  Value v = object.root();
  std::size_t existing = 0;
  for (; existing < segments.size(); ++existing) {
    const auto& s = segments[existing];
    Value next = s.index >= 0 ? v[static_cast<std::size_t>(s.index)] : v[s.key];
    if (!next || next.is_null()) break;
    v = next;
  }
  if (existing == segments.size()) return {{"replace", path.json_pointer(), std::move(json)}};
  // Wrap the value in the mappings that do not exist yet, innermost first.
  for (std::size_t i = segments.size(); i-- > existing + 1;) {
    if (segments[i].index >= 0) return {};
    json = fmt::format("{{{}:{}}}", json_quote(segments[i].key), json);
  }
  FieldPath prefix;
  for (std::size_t i = 0; i <= existing; ++i) {
    // Copying overloads: assigning `std::move(prefix).key(...)` back to prefix would be a
    // self-move and leave it empty.
    prefix = segments[i].index >= 0 ? prefix.index(static_cast<std::size_t>(segments[i].index))
                                    : prefix.key(segments[i].key);
  }
  return {{"add", prefix.json_pointer(), std::move(json)}};
}

Fix remove_field(const FieldPath& path) { return {{"remove", path.json_pointer(), {}}}; }

std::optional<Quantity> quantity_of(Value v) {
  if (!v.is_scalar()) return std::nullopt;
  return Quantity::parse(v.str());
}

bool limitrange_default(const Index& index, std::string_view ns, std::uint32_t application, std::string_view field,
                        std::string_view resource) {
  for (const Resource* lr : index.of_kind("LimitRange", ns, application)) {
    for (Value item : lr->spec()["limits"].items()) {
      if (!item["type"].equals("Container")) continue;
      if (item[field][resource]) return true;
      // A default limit is also the default request when no defaultRequest is given.
      if (field == "defaultRequest" && item["default"][resource]) return true;
    }
  }
  return false;
}

Value container_port_named(const Container& c, std::string_view name) {
  for (Value p : c["ports"].items()) {
    if (p["name"].equals(name)) return p;
  }
  return {};
}

std::string short_list(const std::vector<std::string>& items, std::size_t shown) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < shown; ++i) out += fmt::format("{}{}", i == 0 ? "" : ", ", items[i]);
  if (items.size() > shown) out += fmt::format(" and {} more", items.size() - shown);
  return out;
}

std::size_t index_in(Value list, Value item) {
  std::size_t index = 0;
  for (Value v : list.items()) {
    if (v.same_node(item)) break;
    ++index;
  }
  return index;
}

std::string_view port_protocol(Value port) {
  const Value protocol = port["protocol"];
  return protocol.is_scalar() && !protocol.str().empty() ? protocol.str() : std::string_view("TCP");
}

PortDeclaration container_declares(const Container& c, std::string_view number, std::string_view protocol) {
  PortDeclaration out = PortDeclaration::none;
  for (Value p : c["ports"].items()) {
    if (p["containerPort"].str() != number) continue;
    if (port_protocol(p) == protocol) return PortDeclaration::declared;
    out = PortDeclaration::other_protocol;
  }
  return out;
}

}  // namespace shipshape::rules
