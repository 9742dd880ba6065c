// Shared rule helpers: JSON patches, quantities, LimitRange defaults, ports.
#include "rules/common.hpp"

#include <algorithm>

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
  // One `add` per missing mapping, then the value: fixes that need the same missing parent
  // carry the same `add {}` operation, so joined (repeats dropped) they keep each other's keys.
  const auto& segments = path.segments();
  if (segments.empty()) return {};
  Fix fix;
  Value v = object.root();
  FieldPath prefix;
  bool missing = false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& s = segments[i];
    const bool last = i + 1 == segments.size();
    Value next;
    if (!missing) {
      if (s.index >= 0) {
        if (!v.is_sequence()) return {};
        next = v[static_cast<std::size_t>(s.index)];
        if (!next) return {};  // a list item cannot be created by a path
      } else {
        if (!v.is_mapping()) return {};
        next = v[s.key];
      }
    }
    // Copying overloads: assigning `std::move(prefix).key(...)` back to prefix would be a
    // self-move and leave it empty.
    prefix = s.index >= 0 ? prefix.index(static_cast<std::size_t>(s.index)) : prefix.key(s.key);
    if (last) {
      fix.push_back({!missing && next ? "replace" : "add", prefix.json_pointer(), std::move(json)});
    } else if (missing || !next || next.is_null()) {
      if (segments[i + 1].index >= 0) return {};
      fix.push_back({"add", prefix.json_pointer(), "{}"});
      missing = true;
    } else {
      v = next;
    }
  }
  return fix;
}

Fix append_item(const Resource& object, const FieldPath& list, std::string json) {
  Fix fix;
  if (!at_path(object, list).is_sequence()) {
    fix = set_field(object, list, "[]");
    if (fix.empty()) return {};
  }
  fix.push_back({"add", list.json_pointer() + "/-", std::move(json)});
  return fix;
}

void join_fix(Fix& into, const Fix& more) {
  for (const PatchOperation& op : more) {
    if (std::find(into.begin(), into.end(), op) == into.end()) into.push_back(op);
  }
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
