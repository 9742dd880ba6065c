// Custom resource schemas: OpenAPI v3 (a CustomResourceDefinition's openAPIV3Schema, or a JSON
// Schema file of a CRD catalogue) compiled into schema nodes.
#include <string_view>
#include <vector>

#include "k8s_api/validator.hpp"

namespace shipshape::k8s {
namespace {

constexpr int kMaxDepth = 64;

/// `type`, which JSON Schema files may write as a list (`["string", "null"]`).
std::string_view type_of(Value s) {
  const Value t = s["type"];
  if (t.is_scalar()) return t.str();
  for (Value item : t.items()) {
    if (!item.equals("null")) return item.str();
  }
  return {};
}

Format format_of(std::string_view f) {
  if (f == "int32") return Format::int32;
  if (f == "int64") return Format::int64;
  if (f == "byte") return Format::byte;
  if (f == "date-time") return Format::date_time;
  return Format::none;
}

class Compiler {
 public:
  Compiler(Schema& schema, bool closed) : schema_(schema), closed_(closed) {}

  NodeRef compile(Value s, int depth, bool top) {
    Node n;
    if (!s.is_mapping() || depth > kMaxDepth) return schema_.add(n);
    const bool preserve = s["x-kubernetes-preserve-unknown-fields"].is_true();
    n.embedded = top || s["x-kubernetes-embedded-resource"].is_true();
    if (s["x-kubernetes-int-or-string"].is_true()) {
      n.type = Type::int_or_string;
      return schema_.add(n);
    }
    const std::string_view type = type_of(s);
    const Value properties = s["properties"];
    const Value additional = s["additionalProperties"];
    std::vector<Property> props;
    std::vector<std::string_view> required;
    std::vector<std::string_view> keys;
    if (type == "object" || (type.empty() && (properties.is_mapping() || additional.is_mapping()))) {
      if (properties.is_mapping() && !properties.empty()) {
        n.type = Type::object;
        const std::uint32_t self = schema_.add(n);  // a placeholder, filled in below
        for (const Entry e : properties.entries()) {
          if (e.key.is_scalar()) props.push_back({e.key.str(), compile(e.value, depth + 1, false)});
        }
        for (Value r : s["required"].items()) {
          if (r.is_scalar()) required.push_back(r.str());
        }
        if (additional.is_mapping()) n.child = compile(additional, depth + 1, false);
        n.open = preserve || additional.is_true() || (!closed_ && !additional.is_false());
        bounds(s, n);
        schema_.set(self, n, std::move(props), required);
        return self;
      }
      if (additional.is_mapping()) {
        n.type = Type::map;
        n.child = compile(additional, depth + 1, false);
        bounds(s, n);
        return schema_.add(n);
      }
      if (n.embedded) {
        n.type = Type::object;
        n.open = true;
      }
      return schema_.add(n);  // any mapping
    }
    if (preserve && type.empty()) return schema_.add(n);
    if (type == "array") {
      n.type = Type::array;
      n.child = compile(s["items"], depth + 1, false);
      const std::string_view list_type = s["x-kubernetes-list-type"].str();
      if (list_type == "map") {
        n.list_type = ListType::map;
        for (Value k : s["x-kubernetes-list-map-keys"].items()) {
          if (k.is_scalar()) keys.push_back(k.str());
        }
      } else if (list_type == "set") {
        n.list_type = ListType::set;
      } else if (list_type == "atomic") {
        n.list_type = ListType::atomic;
      }
      bounds(s, n);
      return schema_.add(n, {}, {}, keys);
    }
    if (type == "string") {
      n.type = Type::string;
      n.format = format_of(s["format"].str());
    } else if (type == "integer") {
      n.type = Type::integer;
      n.format = format_of(s["format"].str());
    } else if (type == "number") {
      n.type = Type::number;
    } else if (type == "boolean") {
      n.type = Type::boolean;
    } else {
      return schema_.add(n);
    }
    if (const Value e = s["enum"]; e.is_sequence() && !e.empty()) {
      std::vector<std::string_view> values;
      bool scalars = true;
      for (Value item : e.items()) {
        scalars = scalars && item.is_scalar();
        values.push_back(item.str());
      }
      if (scalars && n.type == Type::string) n.enum_id = schema_.add_enum(std::move(values));
    }
    bounds(s, n);
    return schema_.add(n);
  }

 private:
  void bounds(Value s, Node& n) {
    Bounds b;
    bool any = false;
    auto number = [&](std::string_view key, double& out, bool& has) {
      if (auto d = s[key].as_double()) {
        out = *d;
        has = true;
        any = true;
      }
    };
    auto count = [&](std::string_view key, std::uint32_t& out, bool* has) {
      if (auto i = s[key].as_int(); i && *i >= 0 && *i <= 0xFFFFFFFF) {
        out = static_cast<std::uint32_t>(*i);
        if (has) *has = true;
        any = true;
      }
    };
    number("minimum", b.minimum, b.has_minimum);
    number("maximum", b.maximum, b.has_maximum);
    count("minLength", b.min_length, nullptr);
    count("maxLength", b.max_length, &b.has_max_length);
    count("minItems", b.min_items, &b.has_min_items);
    count("maxItems", b.max_items, &b.has_max_items);
    count("minProperties", b.min_items, &b.has_min_items);
    count("maxProperties", b.max_items, &b.has_max_items);
    if (any) n.bounds_id = schema_.add_bounds(b);
  }

  Schema& schema_;
  bool closed_;
};

}  // namespace

NodeRef compile_openapi(Schema& schema, Value root, bool closed) {
  return Compiler(schema, closed).compile(root, 0, true);
}

}  // namespace shipshape::k8s
