// The walk of a document tree beside its schema: types, required fields, enums, formats,
// list-map keys, unknown fields and the API server's cross-field rules.
#include "k8s_api/validator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "internal.hpp"
#include "k8s_api/formats.hpp"
#include "schema.hpp"
#include "shipshape/context.hpp"
#include "shipshape/index.hpp"
#include "shipshape/quantity.hpp"

namespace shipshape::k8s {
namespace {

constexpr int kMaxFindingsPerRule = 20;

/// The known name closest to `key`, if it is close enough to be a typo of it.
std::string_view closest(std::string_view key, std::span<const std::string_view> known) {
  const std::size_t limit = key.size() <= 4 ? 1 : key.size() <= 10 ? 2 : 3;
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (std::string_view k : known) {
    const std::size_t d = edit_distance(key, k, true);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::string_view expected_name(Type t) {
  switch (t) {
    case Type::object:
    case Type::map:
      return "a mapping";
    case Type::array:
      return "a list";
    case Type::string:
      return "a string";
    case Type::integer:
      return "an integer";
    case Type::number:
      return "a number";
    case Type::boolean:
      return "a boolean";
    case Type::int_or_string:
      return "an integer or a string";
    case Type::quantity:
      return "a quantity (a string or a number)";
    case Type::any:
      break;
  }
  return "something else";
}

/// Whether a scalar of resolved type `t` is an integer.
bool is_integer(Value v, ScalarType t) {
  if (t == ScalarType::integer) return true;
  if (t != ScalarType::floating) return false;
  // sigs.k8s.io/yaml turns 3.0 into the JSON number 3, which an integer field accepts.
  const auto d = v.as_double();
  return d && std::isfinite(*d) && std::floor(*d) == *d;
}

bool is_integer(Value v) { return v.is_scalar() && is_integer(v, v.scalar_type()); }

bool is_number(Value v) {
  return v.is_scalar() && (v.scalar_type() == ScalarType::integer || v.scalar_type() == ScalarType::floating);
}

/// A scalar a tool replaces before apply: any type may stand there.
bool placeholder(Value v) { return v.is_scalar() && v.scalar_type() == ScalarType::string && is_placeholder(v.str()); }

/// Strategic merge patch directives (`$patch: delete`, `$setElementOrder/containers`...).
bool directive(std::string_view key) { return !key.empty() && key.front() == '$'; }

/// Keys of policy and test tools that match or bind fields rather than name them: Kyverno
/// anchors (`(name)`, `=(name)`, `+(name)`, `^(name)`, `X(name)`, `<(name)`) and Chainsaw
/// expressions (`(containers[?name == 'web'])`). No Kubernetes field looks like that.
bool anchor(std::string_view key) {
  if (key.size() < 3 || key.back() != ')') return false;
  if (key.front() == '(') return true;
  return key[1] == '(' && (key[0] == '=' || key[0] == '+' || key[0] == '^' || key[0] == 'X' || key[0] == '<');
}

std::string quoted_list(std::span<const std::string_view> values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) continue;
    if (!out.empty()) out += ", ";
    out += values[i];
  }
  return out;
}

bool rbac_kind(std::string_view group, std::string_view kind) {
  return group == "rbac.authorization.k8s.io" &&
         (kind == "Role" || kind == "ClusterRole" || kind == "RoleBinding" || kind == "ClusterRoleBinding");
}

/// Whether a file is named like one that holds partial objects: a kustomize patch (`patch` in
/// the name, or a `patches` directory) or a test tool's assertion (`assert` in the name).
/// Whether an object is what a test tool (Chainsaw, KUTTL) expects a controller to create: its
/// ownerReferences name an owner without the uid that only a live cluster knows. Such files are
/// partial matches, not manifests anyone applies.
bool expected_object(const Resource& r) {
  for (Value ref : r.metadata()["ownerReferences"].items()) {
    const Value uid = ref["uid"];
    if (!uid || uid.is_null()) return true;
  }
  return false;
}

/// Fields that the OpenAPI documents mark required (their Go field has no `omitempty`) but that
/// the API server's validation accepts absent: an EndpointSlice without endpoints (a sysctl
/// without a value is the other, recognised by its list in the walk).
bool accepted_absent(std::string_view definition, std::string_view field) {
  return definition == "EndpointSlice" && field == "endpoints";
}

bool looks_partial(std::string_view file) {
  auto find = [](std::string_view haystack, std::string_view needle, std::size_t from) {  // ASCII, any case
    const auto it =
        std::search(haystack.begin() + static_cast<std::ptrdiff_t>(from), haystack.end(), needle.begin(), needle.end(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    return it == haystack.end() ? std::string_view::npos : static_cast<std::size_t>(it - haystack.begin());
  };
  const auto slash = file.rfind('/');
  const std::string_view name = file.substr(slash == std::string_view::npos ? 0 : slash + 1);
  if (find(name, "patch", 0) != std::string_view::npos || find(name, "assert", 0) != std::string_view::npos)
    return true;
  const std::string_view dirs = file.substr(0, slash == std::string_view::npos ? 0 : slash + 1);
  for (std::size_t at = find(dirs, "patches/", 0); at != std::string_view::npos; at = find(dirs, "patches/", at + 1)) {
    if (at == 0 || dirs[at - 1] == '/') return true;
  }
  return false;
}

/// Minor version (1.m) closest to `target` among those set in `minors`, preferring older ones.
int nearest_minor(std::uint64_t minors, int target) {
  for (int m = std::min(target, 63); m >= 0; --m) {
    if ((minors >> static_cast<unsigned>(m)) & 1U) return m;
  }
  for (int m = target + 1; m < 64; ++m) {
    if ((minors >> static_cast<unsigned>(m)) & 1U) return m;
  }
  return -1;
}

}  // namespace

// --- the walk ---------------------------------------------------------------------------------

struct Validator::Walk {
  struct Segment {
    std::string_view key;
    std::int64_t index = -1;
    Value key_node;  // the key of a mapping entry, or the item of a list
  };

  const Resource* object = nullptr;
  const Schema* schema = nullptr;
  const Catalog* catalog = nullptr;  // resolves definition references; null for custom schemas
  Context* invalid = nullptr;
  Context* unknown = nullptr;
  bool fragment = false;
  bool expectation = false;          // an object as a test tool expects to find it: required fields are not demanded
  bool patch_file = false;           // the file looks like it holds partial objects: missing fields are summed up
  std::vector<std::string> missing;  // required fields missing from an object of such a file
  int invalid_count = 0;
  int unknown_count = 0;
  std::vector<Segment> path;
  struct Seen {
    std::string_view list;
    std::size_t index;
    std::string_view name;
  };
  std::vector<Seen> seen;  // container names of a pod spec, reused

  // Paths and reports.
  [[nodiscard]] FieldPath field_path(std::size_t depth) const {
    FieldPath p;
    for (std::size_t i = 0; i < depth && i < path.size(); ++i) {
      p = path[i].index >= 0 ? p.index(static_cast<std::size_t>(path[i].index)) : p.key(path[i].key);
    }
    return p;
  }
  [[nodiscard]] FieldPath field_path() const { return field_path(path.size()); }
  void push(std::string_view key, Value key_node) { path.push_back({key, -1, key_node}); }
  void push(std::size_t index, Value item) { path.push_back({{}, static_cast<std::int64_t>(index), item}); }
  void pop() { path.pop_back(); }

  /// Whether the walk is at an item of a list with this key.
  [[nodiscard]] bool in_list(std::string_view key) const {
    return path.size() >= 2 && path.back().index >= 0 && path[path.size() - 2].key == key;
  }
  [[nodiscard]] bool wants_invalid() const { return invalid && invalid_count < kMaxFindingsPerRule; }
  void report_invalid(Value at, const FieldPath& p, std::string message) {
    if (!wants_invalid()) return;
    ++invalid_count;
    invalid->report(*object, at, p, std::move(message));
  }
  void report_invalid(Value at, std::string message) { report_invalid(at, field_path(), std::move(message)); }
  /// Where a finding about the current mapping points: its key (`spec:`), else the mapping.
  [[nodiscard]] Value here(Value v) const {
    if (!path.empty() && path.back().key_node) return path.back().key_node;
    return v;
  }

  /// Parts of an object that are not the manifest's to judge here: `status` (the API server
  /// ignores it on create), metadata that is not a mapping (manifest-invalid's), a custom
  /// resource's metadata (checked against ObjectMeta separately), SOPS metadata (removed when
  /// the file is decrypted).
  [[nodiscard]] bool skip_at_root(std::string_view key, Value v) const {
    if (key == "status" || key == "sops") return true;
    return key == "metadata" && (!v.is_mapping() || catalog == nullptr);
  }

  [[nodiscard]] NodeRef resolve(NodeRef r) const {
    if (r == kNoNode) return kNoNode;
    return catalog ? catalog->resolve(r) : r;
  }

  // Values.
  void value(Value v, NodeRef ref) {
    const NodeRef id = resolve(ref);
    if (id == kNoNode || !v || v.is_null()) return;
    // Resolve a scalar's type once: it decides placeholders and every type check below.
    const ScalarType st = v.is_scalar() ? v.scalar_type() : ScalarType::null;
    if (st == ScalarType::string && is_placeholder(v.str())) return;
    const bool scalar = st != ScalarType::null;
    const Node& n = schema->node(id);
    switch (n.type) {
      case Type::any:
        return;
      case Type::object:
        object_value(v, n);
        return;
      case Type::map:
        if (!v.is_mapping()) return wrong(v, n);
        for (const Entry e : v.entries()) {
          push(e.key.str(), e.key);
          value(e.value, n.child);
          pop();
        }
        return;
      case Type::array:
        if (!v.is_sequence()) return wrong(v, n);
        array_value(v, n);
        return;
      case Type::string:
        if (st != ScalarType::string) return wrong(v, n);
        if (n.enum_id != 0 || n.format != Format::none || n.bounds_id != 0) string_value(v, n);
        return;
      case Type::integer:
        if (!scalar || !is_integer(v, st)) return wrong(v, n);
        if (n.format != Format::none || n.bounds_id != 0) integer_value(v, n);
        return;
      case Type::number:
        if (st != ScalarType::integer && st != ScalarType::floating) return wrong(v, n);
        bounds_check(v, n);
        return;
      case Type::boolean:
        if (st != ScalarType::boolean) return wrong(v, n);
        return;
      case Type::int_or_string:
        if (scalar && is_integer(v, st)) {
          integer_value(v, n);
        } else if (st == ScalarType::string) {
          string_value(v, n);
        } else {
          wrong(v, n);
        }
        return;
      case Type::quantity:
        if (!scalar || st == ScalarType::boolean) return wrong(v, n);
        if (!n.quantity_elsewhere && !Quantity::parse(v.str())) {
          report_invalid(v, fmt::format("{} \"{}\" is not a valid quantity (such as 500m, 1.5, 128Mi or 1G)",
                                        field_path().str(), v.str()));
        }
        return;
    }
  }

  void wrong(Value v, const Node& n) {
    if (!wants_invalid()) return;
    std::string message =
        fmt::format("{} must be {}, not {}", field_path().str(), expected_name(n.type), describe_value(v));
    const bool takes_string = n.type == Type::string || n.type == Type::int_or_string || n.type == Type::quantity;
    if (takes_string && v.is_scalar()) {
      fmt::format_to(std::back_inserter(message), " (quote it: \"{}\")", v.str());
    } else if (v.is_scalar() && !v.str().empty()) {
      fmt::format_to(std::back_inserter(message), " (\"{}\")", v.str());
    }
    report_invalid(v, std::move(message));
  }

  void object_value(Value v, const Node& n) {
    if (!v.is_mapping()) return wrong(v, n);
    for (const Entry e : v.entries()) {
      if (!e.key.is_scalar()) continue;
      const std::string_view key = e.key.str();
      if (path.empty() && skip_at_root(key, e.value)) continue;
      if (anchor(key)) continue;
      push(key, e.key);
      if (const Property* p = schema->find(n, key)) {
        value(e.value, p->node);
      } else if (n.child != kNoNode) {
        value(e.value, n.child);
      } else if (!n.open && !directive(key) &&
                 !(n.embedded && (key == "apiVersion" || key == "kind" || key == "metadata"))) {
        unknown_field(e.key, n, key);
      }
      pop();
    }
    if (!fragment && !expectation && invalid) {
      const auto props = schema->properties(n);
      for (std::uint16_t r : schema->required(n)) {
        const std::string_view name = props[r].name;
        const Value field = v[name];
        if (field && !field.is_null()) continue;
        if (path.empty() && (name == "apiVersion" || name == "kind" || name == "metadata")) continue;
        if (accepted_absent(n.name, name) || (name == "value" && in_list("sysctls"))) continue;
        FieldPath p = field_path().key(name);
        if (patch_file) {
          missing.push_back(p.str());
          continue;
        }
        report_invalid(here(v), p, fmt::format("{} is required{}", p.str(), field ? " (it is null)" : ""));
      }
    }
    if (n.hook != Hook::none) hook(v, n);
    bounds_check(v, n);
  }

  void unknown_field(Value key_node, const Node& n, std::string_view key) {
    if (!unknown || unknown_count >= kMaxFindingsPerRule) return;
    ++unknown_count;
    std::vector<std::string_view> names;
    for (const Property& p : schema->properties(n)) names.push_back(p.name);
    const std::string_view suggestion = closest(key, names);
    std::string message = n.name.empty() ? fmt::format("{} is not a known field", field_path().str())
                                         : fmt::format("{} is not a field of {}", field_path().str(), n.name);
    if (!suggestion.empty()) fmt::format_to(std::back_inserter(message), "; did you mean {}", suggestion);
    unknown->report(*object, key_node, field_path(), std::move(message));
  }

  void array_value(Value v, const Node& n) {
    std::size_t i = 0;
    for (Value item : v.items()) {
      push(i++, item);
      value(item, n.child);
      pop();
    }
    bounds_check(v, n);
    if (n.list_type == ListType::map && n.key_count > 0 && v.size() > 1) duplicate_keys(v, n);
  }

  /// The text of a list-map key field of `item`, with the API's default for an absent protocol.
  static std::string_view key_text(Value item, std::string_view key, bool& present) {
    const Value k = item[key];
    if (k.is_scalar()) {
      present = true;
      return k.str();
    }
    present = key == "protocol";
    return key == "protocol" ? "TCP" : std::string_view{};
  }

  void duplicate_keys(Value list, const Node& n) {
    const NodeRef item_id = resolve(n.child);
    // Duplicate environment variables are the duplicate-env-var rule's.
    if (item_id != kNoNode && schema->node(item_id).name == "EnvVar") return;
    const auto keys = schema->keys(n);
    auto same = [&](Value a, Value b) {
      for (std::string_view k : keys) {
        bool pa = false;
        bool pb = false;
        if (key_text(a, k, pa) != key_text(b, k, pb) || !pa || !pb) return false;
      }
      return true;
    };
    const std::size_t size = list.size();
    for (std::size_t j = 1; j < size && wants_invalid(); ++j) {
      const Value b = list[j];
      if (!b.is_mapping()) continue;
      for (std::size_t i = 0; i < j; ++i) {
        const Value a = list[i];
        if (!a.is_mapping() || !same(a, b)) continue;
        std::string fields;
        std::string values;
        for (std::string_view k : keys) {
          bool present = false;
          const std::string_view text = key_text(b, k, present);
          fields += fields.empty() ? std::string(k) : fmt::format(" and {}", k);
          values += values.empty() ? fmt::format("{}", text) : fmt::format("/{}", text);
        }
        push(j, b);
        const FieldPath p = field_path();
        pop();
        const Value at = b[keys.front()] ? b[keys.front()] : b;
        report_invalid(at, p.key(keys.front()),
                       fmt::format("{} repeats the {} of {}[{}] ({}); list items are merged by {}", p.str(), fields,
                                   path.empty() ? std::string_view("item") : path.back().key, i, values, fields));
        break;
      }
    }
  }

  /// Whether the walk is at the name of a container's port, which container-port-name-invalid
  /// judges (syntax and repeats): one problem, one finding.
  [[nodiscard]] bool container_port_name() const {
    const std::size_t n = path.size();
    if (n < 5 || path[n - 1].key != "name" || path[n - 3].key != "ports") return false;
    const std::string_view list = path[n - 5].key;
    return list == "containers" || list == "initContainers" || list == "ephemeralContainers";
  }

  void string_value(Value v, const Node& n) {
    const std::string_view s = v.str();
    if (n.enum_id != 0 && !s.empty()) {
      const auto values = schema->enum_values(n);
      if (std::find(values.begin(), values.end(), s) == values.end()) {
        std::string message =
            fmt::format("{} must be one of {}, not \"{}\"", field_path().str(), quoted_list(values), s);
        for (std::string_view known : values) {
          if (known.size() == s.size() && edit_distance(known, s, true) == 0) {
            fmt::format_to(std::back_inserter(message), " (the values are case-sensitive: {})", known);
            break;
          }
        }
        report_invalid(v, std::move(message));
        return;
      }
    }
    std::string problem;
    std::string_view what;
    switch (n.format) {
      case Format::dns_label:
        problem = dns1123_label_problem(s);
        what = "a DNS-1123 label";
        break;
      case Format::port_name:
      case Format::port_or_name:
        if (container_port_name()) return;  // container-port-name-invalid's
        problem = port_name_problem(s);
        what = "a port name (IANA service name)";
        if (!problem.empty() && n.type == Type::int_or_string && !s.empty() &&
            std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          report_invalid(v, fmt::format("{} \"{}\" is a quoted number, which the API reads as a port name; write "
                                        "{} without quotes",
                                        field_path().str(), s, s));
          return;
        }
        break;
      case Format::byte:
        problem = base64_problem(s);
        what = "base64";
        break;
      case Format::date_time:
        problem = date_time_problem(s);
        what = "a date and time";
        if (!problem.empty()) {
          report_invalid(v, fmt::format("{} \"{}\" {}", field_path().str(), s, problem));
          return;
        }
        break;
      default:
        break;
    }
    if (!problem.empty()) {
      report_invalid(v, fmt::format("{} \"{}\" is not {}: {}", field_path().str(), s, what, problem));
      return;
    }
    bounds_check(v, n);
  }

  void integer_value(Value v, const Node& n) {
    const auto i = v.as_int();
    const auto d = v.as_double();
    if (!i && !(d && std::fabs(*d) < 9.2e18)) {
      report_invalid(v, fmt::format("{} {} is out of range", field_path().str(), v.str()));
      return;
    }
    const std::int64_t x = i ? *i : static_cast<std::int64_t>(*d);
    switch (n.format) {
      case Format::int32:
        if (x < INT32_MIN || x > INT32_MAX) {
          report_invalid(v, fmt::format("{} {} is out of range for a 32-bit integer", field_path().str(), x));
        }
        break;
      case Format::port:
      case Format::port_or_name:
        if (x < 1 || x > 65535) {
          report_invalid(v, fmt::format("{} {} is not a port number (1-65535)", field_path().str(), x));
        }
        break;
      case Format::port_or_unset:
        if (x < 0 || x > 65535) {
          report_invalid(v, fmt::format("{} {} is not a port number (1-65535, or 0 for none)", field_path().str(), x));
        }
        break;
      default:
        break;
    }
    bounds_check(v, n);
  }

  void bounds_check(Value v, const Node& n) {
    const Bounds* b = schema->bounds(n);
    if (!b) return;
    if (is_number(v)) {
      const double x = v.as_double().value_or(0);
      if (b->has_minimum && x < b->minimum) {
        report_invalid(v, fmt::format("{} {} is below the minimum of {}", field_path().str(), v.str(), b->minimum));
      } else if (b->has_maximum && x > b->maximum) {
        report_invalid(v, fmt::format("{} {} is above the maximum of {}", field_path().str(), v.str(), b->maximum));
      }
    } else if (v.is_string()) {
      const std::size_t length = v.str().size();
      if (length < b->min_length) {
        report_invalid(v, fmt::format("{} is shorter than {} characters", field_path().str(), b->min_length));
      } else if (b->has_max_length && length > b->max_length) {
        report_invalid(v, fmt::format("{} is longer than {} characters", field_path().str(), b->max_length));
      }
    } else if (v.is_sequence() || v.is_mapping()) {
      const std::size_t size = v.size();
      if (b->has_min_items && size < b->min_items && !fragment) {
        report_invalid(here(v), fmt::format("{} needs at least {} items", field_path().str(), b->min_items));
      } else if (b->has_max_items && size > b->max_items) {
        report_invalid(here(v), fmt::format("{} has more than {} items", field_path().str(), b->max_items));
      }
    }
  }

  // Cross-field rules of the API server's validation.
  void hook(Value v, const Node& n) {
    switch (n.hook) {
      case Hook::probe:
        handlers(v, n, {"exec", "httpGet", "tcpSocket", "grpc"}, "a probe");
        break;
      case Hook::handler:
        handlers(v, n, {"exec", "httpGet", "tcpSocket", "sleep"}, "a lifecycle hook");
        break;
      case Hook::container:
        container(v);
        break;
      case Hook::pod_spec:
        pod_spec(v);
        break;
      case Hook::pdb_spec:
        if (v["minAvailable"] && !v["minAvailable"].is_null() && v["maxUnavailable"] &&
            !v["maxUnavailable"].is_null()) {
          report_invalid(v.key_node("maxUnavailable"), field_path().key("maxUnavailable"),
                         fmt::format("{} sets both minAvailable and maxUnavailable; a PodDisruptionBudget takes one "
                                     "of them",
                                     field_path().str()));
        }
        break;
      case Hook::job_spec:
        restart_policy(v, true);
        break;
      case Hook::controller_spec:
        restart_policy(v, false);
        break;
      case Hook::spread: {
        const Value skew = v["maxSkew"];
        if (is_integer(skew) && skew.as_int().value_or(1) < 1) {
          report_invalid(skew, field_path().key("maxSkew"),
                         fmt::format("{}.maxSkew must be greater than 0, not {}", field_path().str(), skew.str()));
        }
        break;
      }
      case Hook::none:
        break;
    }
  }

  /// A probe or hook must set exactly one of the handlers its version knows.
  void handlers(Value v, const Node& n, std::initializer_list<std::string_view> candidates, std::string_view what) {
    struct Few {  // at most four handlers: no allocation per probe
      std::array<std::string_view, 4> items{};
      std::size_t count = 0;
      void push_back(std::string_view s) {
        if (count < items.size()) items[count++] = s;
      }
      [[nodiscard]] bool empty() const { return count == 0; }
      [[nodiscard]] std::size_t size() const { return count; }
      std::string_view operator[](std::size_t i) const { return items[i]; }
      [[nodiscard]] const std::string_view* begin() const { return items.data(); }
      [[nodiscard]] const std::string_view* end() const { return items.data() + count; }
    };
    Few names;
    Few set;
    for (std::string_view name : candidates) {
      if (!schema->find(n, name)) continue;
      names.push_back(name);
      if (v[name] && !v[name].is_null()) set.push_back(name);
    }
    if (set.size() > 1) {
      report_invalid(v.key_node(set[1]), field_path().key(set[1]),
                     fmt::format("{} sets both {} and {}; {} takes exactly one handler", field_path().str(), set[0],
                                 set[1], what));
    } else if (set.empty() && !fragment) {
      std::string list;
      std::size_t i = 0;
      for (std::string_view name : names) {
        list += i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ");
        list += name;
        ++i;
      }
      report_invalid(here(v), fmt::format("{} has no handler: {} needs one of {}", field_path().str(), what, list));
    }
  }

  void container(Value c) {
    for (std::string_view probe : {"livenessProbe", "startupProbe"}) {
      const Value threshold = c[probe]["successThreshold"];
      if (is_integer(threshold) && threshold.as_int().value_or(1) != 1) {
        const FieldPath p = field_path().key(probe).key("successThreshold");
        report_invalid(threshold, p, fmt::format("{} must be 1, not {}", p.str(), threshold.str()));
      }
    }
    // Port names (syntax, repeats) are container-port-name-invalid's.
  }

  void pod_spec(Value spec) {
    // Names shared between lists (duplicates within one list are list-map findings).
    seen.clear();
    for (std::string_view list : {"containers", "initContainers", "ephemeralContainers"}) {
      std::size_t i = 0;
      for (Value c : spec[list].items()) {
        const std::size_t index = i++;
        const Value name = c["name"];
        if (!name.is_scalar() || name.str().empty()) continue;
        const auto it = std::find_if(seen.begin(), seen.end(),
                                     [&](const Seen& s) { return s.name == name.str() && s.list != list; });
        if (it != seen.end()) {
          const FieldPath p = field_path().key(list).index(index).key("name");
          report_invalid(name, p,
                         fmt::format("{} \"{}\" is also the name of {}[{}]; container names must be unique in a pod",
                                     p.str(), name.str(), it->list, it->index));
        }
        seen.push_back({list, index, name.str()});
      }
    }
  }

  void restart_policy(Value spec, bool job) {
    const Value pod = spec["template"]["spec"];
    if (!pod.is_mapping()) return;
    const Value policy = pod["restartPolicy"];
    const FieldPath p = field_path().key("template").key("spec").key("restartPolicy");
    // A value outside the enum is the enum's finding; these are the valid values a kind refuses.
    if (job) {
      if (policy.equals("Always")) {
        report_invalid(policy, p,
                       fmt::format("{} must be OnFailure or Never for a Job, not {}", p.str(), policy.str()));
      } else if ((!policy || policy.is_null()) && !fragment) {
        report_invalid(spec["template"].key_node("spec"), p,
                       fmt::format("{} is required for a Job: OnFailure or Never (the pod default, Always, is "
                                   "refused)",
                                   p.str()));
      }
    } else if (policy.equals("OnFailure") || policy.equals("Never")) {
      report_invalid(policy, p,
                     fmt::format("{} must be Always for a {}, not {}", p.str(), object->kind(), policy.str()));
    }
  }

  // Object identity: the name syntax of the kind.
  void name_syntax(const Resource& r, bool builtin) {
    const Value metadata = r.metadata();
    const Value name = metadata["name"];
    if (name.is_string() && !is_placeholder(name.str()) && builtin) {
      std::string problem;
      std::string_view what = "a DNS-1123 subdomain";
      if (r.group().empty() && r.kind() == "Namespace") {
        problem = dns1123_label_problem(name.str());
        what = "a DNS-1123 label";
      } else if (r.group().empty() && r.kind() == "Service") {
        problem = dns1035_label_problem(name.str());
        what = "a DNS-1035 label";
      } else if (rbac_kind(r.group(), r.kind())) {
        problem = path_segment_problem(name.str());
        what = "a path segment";
      } else if (r.group() == "apiextensions.k8s.io" && r.kind() == "CustomResourceDefinition") {
        const Value plural = r.spec()["names"]["plural"];
        const Value group = r.spec()["group"];
        if (plural.is_string() && group.is_string() && !placeholder(plural) && !placeholder(group) &&
            name.str() != fmt::format("{}.{}", plural.str(), group.str())) {
          report_invalid(name, FieldPath::parse("metadata.name"),
                         fmt::format("metadata.name must be spec.names.plural and spec.group joined by a dot: "
                                     "\"{}.{}\", not \"{}\"",
                                     plural.str(), group.str(), name.str()));
          return;
        }
      } else {
        problem = dns1123_subdomain_problem(name.str());
      }
      if (!problem.empty()) {
        report_invalid(name, FieldPath::parse("metadata.name"),
                       fmt::format("metadata.name \"{}\" is not {}: {}", name.str(), what, problem));
      }
    }
    const Value ns = metadata["namespace"];
    if (ns.is_string() && !is_placeholder(ns.str()) && !ns.str().empty()) {
      if (auto problem = dns1123_label_problem(ns.str()); !problem.empty()) {
        report_invalid(ns, FieldPath::parse("metadata.namespace"),
                       fmt::format("metadata.namespace \"{}\" is not a DNS-1123 label: {}", ns.str(), problem));
      }
    }
  }
};

// --- run schemas ------------------------------------------------------------------------------

namespace {

/// A hash of a document tree's shape and text, to tell copies of a definition from variants.
std::uint64_t structural_hash(Value v, int depth = 0) {
  std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(v.kind());
  auto mix = [&](std::string_view s) {
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h = (h ^ 0xFFU) * 1099511628211ULL;
  };
  if (depth > 128) return h;
  if (v.is_scalar()) {
    mix(v.str());
  } else if (v.is_mapping()) {
    for (const Entry e : v.entries()) {
      mix(e.key.str());
      h = (h ^ structural_hash(e.value, depth + 1)) * 1099511628211ULL;
    }
  } else if (v.is_sequence()) {
    for (Value item : v.items()) h = (h ^ structural_hash(item, depth + 1)) * 1099511628211ULL;
  }
  return h;
}

}  // namespace

RunSchemas::RunSchemas(int minor, const std::vector<std::string>& directories, const Index& index)
    : catalog_(&ApiData::get().catalog(minor)) {
  for (const Resource* crd : index.of_kind("CustomResourceDefinition")) {
    if (crd->group() == "apiextensions.k8s.io") add_definition(*crd);
  }
  const ApiData& data = ApiData::get();
  std::vector<std::array<std::string_view, 3>> tried;
  for (const Resource& r : index.all()) {
    if (r.is_configuration()) {
      ++without_schema_;  // component and tool configuration: not in the API's documents
      continue;
    }
    if (data.builtin_group(r.group())) {
      if (catalog_->find(r.group(), r.version(), r.kind()) || data.serving(r.group(), r.version(), r.kind()) != 0) {
        continue;
      }
      const auto kinds = data.kinds_of_group(r.group());
      if (std::find(kinds.begin(), kinds.end(), r.kind()) != kinds.end()) continue;  // a version problem
      if (!closest(r.kind(), kinds).empty()) continue;                               // a misspelt kind
      ++without_schema_;
      continue;
    }
    if (custom(r.group(), r.version(), r.kind()) != kNoNode) continue;
    if (defined(r.group(), r.version(), r.kind())) {
      ++without_schema_;  // by definitions that disagree
      continue;
    }
    const std::array<std::string_view, 3> key{r.group(), r.version(), r.kind()};
    if (std::find(tried.begin(), tried.end(), key) == tried.end()) {
      tried.push_back(key);
      if (!directories.empty() && load_from_directories(r.group(), r.version(), r.kind(), directories)) continue;
    }
    ++without_schema_;
  }
}

RunSchemas::~RunSchemas() = default;

NodeRef RunSchemas::custom(std::string_view group, std::string_view version, std::string_view kind) const noexcept {
  const auto it = custom_kinds_.find(kind);
  if (it == custom_kinds_.end()) return kNoNode;
  for (const CustomKind& k : it->second) {
    if (k.group == group && k.version == version) return k.root;
  }
  return kNoNode;
}

bool RunSchemas::defined(std::string_view group, std::string_view version, std::string_view kind) const noexcept {
  const auto it = custom_kinds_.find(kind);
  return it != custom_kinds_.end() && std::any_of(it->second.begin(), it->second.end(), [&](const CustomKind& k) {
           return k.group == group && k.version == version;
         });
}

void RunSchemas::add_definition(const Resource& crd) {
  const Value spec = crd.spec();
  const Value group = spec["group"];
  const Value kind = spec["names"]["kind"];
  if (!group.is_string() || !kind.is_string()) return;
  const bool v1 = crd.version() == "v1";
  // v1beta1 definitions keep unknown fields unless they opt into pruning.
  const bool closed = v1 || spec["preserveUnknownFields"].is_false();
  const Value shared = spec["validation"]["openAPIV3Schema"];
  auto add = [&](std::string_view version, Value schema) {
    if (version.empty() || !schema.is_mapping()) return;
    auto& list = custom_kinds_[kind.str()];
    const std::uint64_t hash = structural_hash(schema) ^ (closed ? 1U : 0U);
    for (CustomKind& k : list) {
      if (k.group != group.str() || k.version != version) continue;
      // The same kind defined again: a copy is harmless, a different schema leaves the kind
      // undecidable (two variants of an operator in one run), so it is not checked.
      if (k.hash != hash) k.root = kNoNode;
      return;
    }
    list.push_back({group.str(), version, compile_openapi(custom_, schema, closed), hash});
  };
  for (Value v : spec["versions"].items()) {
    if (v["served"].is_false()) continue;
    const Value own = v["schema"]["openAPIV3Schema"];
    add(v["name"].str(), own.is_mapping() ? own : shared);
  }
  if (!v1 && spec["version"].is_string()) add(spec["version"].str(), shared);
}

bool RunSchemas::load_from_directories(std::string_view group, std::string_view version, std::string_view kind,
                                       const std::vector<std::string>& directories) {
  std::string file_kind(kind);
  std::transform(file_kind.begin(), file_kind.end(), file_kind.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  for (const std::string& dir : directories) {
    const std::string path = fmt::format("{}/{}/{}_{}.json", dir, group, file_kind, version);
    std::string text;
    try {
      text = read_input(path, 64ULL << 20U);
    } catch (const std::exception&) {
      continue;  // not in this directory
    }
    auto source = std::make_shared<SourceText>(path, std::move(text));
    ParseResult parsed = parse(source, InputFormat::json);
    if (!parsed.problems.empty() || parsed.documents.empty() || !parsed.documents[0].root.is_mapping()) {
      const std::string why = parsed.problems.empty() ? "not a JSON object" : parsed.problems[0].message;
      errors_.push_back({path, fmt::format("not a usable JSON Schema: {}", why)});
      continue;
    }
    const Value root = parsed.documents[0].root;
    files_.push_back(parsed.documents[0].tree);
    // Views of the file's text and of the key strings stay valid: the tree is kept.
    const std::string_view owned_group = custom_.own(group);
    const std::string_view owned_version = custom_.own(version);
    const std::string_view owned_kind = custom_.own(kind);
    custom_kinds_[owned_kind].push_back({owned_group, owned_version, compile_openapi(custom_, root, false)});
    return true;
  }
  return false;
}

// --- the validator ----------------------------------------------------------------------------

Validator::Validator(const RunSchemas& schemas, Context* invalid, Context* unknown)
    : schemas_(schemas), invalid_(invalid), unknown_(unknown), walk_(std::make_unique<Walk>()) {}

Validator::~Validator() = default;

void Validator::check(const Resource& r) {
  Walk& w = *walk_;
  w.object = &r;
  w.invalid = invalid_;
  w.unknown = unknown_;
  w.fragment = r.is_fragment();
  w.patch_file = looks_partial(r.source().file());
  w.expectation = expected_object(r);
  w.missing.clear();
  w.invalid_count = 0;
  w.unknown_count = 0;
  w.path.clear();

  if (r.is_configuration()) {
    // A configuration file (kubelet, kubeadm, kustomization...) has no schema in the API's
    // documents; a metadata it carries is still an ObjectMeta.
    if (r.metadata().is_mapping()) {
      w.schema = &schemas_.catalog().schema();
      w.catalog = &schemas_.catalog();
      w.push("metadata", r.root().key_node("metadata"));
      w.value(r.metadata(), schemas_.catalog().object_meta());
      w.pop();
    }
    return;
  }
  const ApiData& data = ApiData::get();
  const bool builtin = data.builtin_group(r.group());
  NodeRef root = kNoNode;
  if (builtin) {
    const Catalog* catalog = &schemas_.catalog();
    const ServedKind* served = catalog->find(r.group(), r.version(), r.kind());
    if (!served) {
      // Removed or not yet served (the api-version rules say so): check against the nearest
      // release that serves it.
      const std::uint64_t minors = data.serving(r.group(), r.version(), r.kind());
      if (minors != 0) {
        catalog = &data.catalog(nearest_minor(minors, catalog->minor()));
        served = catalog->find(r.group(), r.version(), r.kind());
      }
    }
    if (!served) {
      const auto kinds = data.kinds_of_group(r.group());
      const Value at = r.root().key_node("kind") ? r.root()["kind"] : r.root();
      if (std::find(kinds.begin(), kinds.end(), r.kind()) != kinds.end()) {
        std::vector<std::string> versions;
        for (const ServedKind& k : schemas_.catalog().kinds()) {
          if (k.kind == r.kind() && k.group == r.group()) {
            versions.push_back(k.group.empty() ? std::string(k.version) : fmt::format("{}/{}", k.group, k.version));
          }
        }
        w.report_invalid(
            r.root()["apiVersion"], FieldPath::parse("apiVersion"),
            fmt::format("Kubernetes has never served {} as {}{}", r.kind(), r.api_version(),
                        versions.empty() ? std::string{} : fmt::format("; use {}", fmt::join(versions, " or "))));
      } else if (const std::string_view s = closest(r.kind(), kinds); !s.empty()) {
        w.report_invalid(at, FieldPath::parse("kind"),
                         fmt::format("{} has no kind {}; did you mean {}", r.api_version(), r.kind(), s));
      }
      return;
    }
    w.schema = &catalog->schema();
    w.catalog = catalog;
    root = served->root;
  } else {
    root = schemas_.custom(r.group(), r.version(), r.kind());
    if (root == kNoNode) return;  // counted by RunSchemas
    w.schema = &schemas_.custom_schema();
    w.catalog = nullptr;
  }
  if (r.is_fragment()) {
    // A patch, most likely: one finding for what it lacks; the values it sets are checked below.
    const Value labels = r.root()["spec"]["template"]["metadata"]["labels"];
    const bool no_labels = !labels.is_mapping() || labels.empty();
    w.report_invalid(r.root().key_node("spec"),
                     FieldPath::parse(no_labels ? "spec.template.metadata.labels" : "spec.selector"),
                     fmt::format("{} has no {}, so the API server would refuse it; if it is a patch (kustomize), "
                                 "check the rendered output too. Only the values it sets were checked",
                                 r.kind(), no_labels ? "pod template labels" : "spec.selector"));
  }
  w.value(r.root(), root);
  if (!builtin && r.metadata().is_mapping()) {
    // A custom resource's metadata is an ObjectMeta whatever its definition says.
    w.schema = &schemas_.catalog().schema();
    w.catalog = &schemas_.catalog();
    w.push("metadata", r.root().key_node("metadata"));
    w.value(r.metadata(), schemas_.catalog().object_meta());
    w.pop();
  }
  w.name_syntax(r, builtin);
  if (!w.missing.empty()) {
    // A patch leaves these to its base: one finding says so.
    const std::size_t shown = std::min<std::size_t>(w.missing.size(), 3);
    std::string list =
        fmt::format("{}", fmt::join(w.missing.begin(), w.missing.begin() + static_cast<long>(shown), ", "));
    if (w.missing.size() > shown) list += fmt::format(" and {} more", w.missing.size() - shown);
    w.report_invalid(r.root().key_node("kind") ? r.root().key_node("kind") : r.root(), FieldPath::parse(w.missing[0]),
                     fmt::format("{} lacks required fields ({}), so the API server would refuse it; if it is a "
                                 "partial object (a kustomize patch, a test assertion), check the rendered output too. "
                                 "Only the values it sets were checked",
                                 r.kind(), list));
  }
}

}  // namespace shipshape::k8s
