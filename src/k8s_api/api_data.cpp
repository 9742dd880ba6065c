// Decoding the embedded Kubernetes API data.
//
// Layout (every integer an unsigned LEB128 varint; strings are referred to by their index):
//   "SSK8", format version
//   strings:  count, then (byte length, UTF-8 bytes) each
//   nodes:    count, then per node its kind and fields; children always precede their parents
//     any | number | boolean:  nothing more
//     object:   property count, (name, node) each, required count, (property index) each,
//               open (0/1), additional properties (node + 1, or 0)
//     map:      value node
//     array:    item node, list type (0 none, 1 atomic, 2 set, 3 map), key count, (key name) each
//     string:   format, enum (1-based, 0 none)
//     integer | intstr:  format
//     quantity: 1 when the invalid-quantity rule judges it
//     ref:      definition name (resolved per version)
//   enums:    count, then (value count, (value) each) each
//   versions: count, then per minor version, as changes from the previous one:
//             minor, changed definitions (name, node), removed definitions (name),
//             changed kinds (group, version, kind, definition), removed kinds (group, version, kind)
//   lifecycles: count, then (group, version, kind, introduced, deprecated, removed, replacement,
//             fix safe) each
#include "k8s_api/api_data.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <tuple>

namespace shipshape::k8s {

namespace detail {
extern const unsigned char kApiBlob[];
extern const std::size_t kApiBlobSize;
}  // namespace detail

struct ApiData::VersionDelta {
  int minor = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> changed;  // definition name, node
  std::vector<std::uint32_t> removed;
  std::vector<std::array<std::uint32_t, 4>> kinds_changed;  // group, version, kind, definition
  std::vector<std::array<std::uint32_t, 3>> kinds_removed;
};

namespace {

constexpr std::uint32_t kFormatVersion = 1;

class Reader {
 public:
  Reader(const unsigned char* data, std::size_t size) : p_(data), end_(data + size) {}

  std::uint32_t u() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
      if (p_ == end_) throw std::runtime_error("the Kubernetes API data is truncated");
      const unsigned char b = *p_++;
      value |= static_cast<std::uint64_t>(b & 0x7FU) << shift;
      if ((b & 0x80U) == 0) {
        if (value > 0xFFFFFFFFULL) break;
        return static_cast<std::uint32_t>(value);
      }
    }
    throw std::runtime_error("the Kubernetes API data is corrupt");
  }
  std::string_view bytes(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) throw std::runtime_error("the Kubernetes API data is truncated");
    std::string_view s(reinterpret_cast<const char*>(p_), n);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
    p_ += n;
    return s;
  }
  [[nodiscard]] bool done() const noexcept { return p_ == end_; }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
};

enum class BlobKind : std::uint8_t { any, object, map, array, string, integer, number, boolean, intstr, quantity, ref };

std::string_view short_name(std::string_view definition) {
  const auto dot = definition.rfind('.');
  return dot == std::string_view::npos ? definition : definition.substr(dot + 1);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Hook hook_for(std::string_view definition) {
  const std::string_view name = short_name(definition);
  if (definition == "io.k8s.api.core.v1.Probe") return Hook::probe;
  if (definition == "io.k8s.api.core.v1.LifecycleHandler" || definition == "io.k8s.api.core.v1.Handler") {
    return Hook::handler;
  }
  if (definition == "io.k8s.api.core.v1.Container") return Hook::container;
  if (definition == "io.k8s.api.core.v1.PodSpec") return Hook::pod_spec;
  if (definition == "io.k8s.api.core.v1.TopologySpreadConstraint") return Hook::spread;
  if (definition == "io.k8s.api.core.v1.ReplicationControllerSpec") return Hook::controller_spec;
  if (starts_with(definition, "io.k8s.api.policy.") && name == "PodDisruptionBudgetSpec") return Hook::pdb_spec;
  if (starts_with(definition, "io.k8s.api.batch.") && name == "JobSpec") return Hook::job_spec;
  if ((starts_with(definition, "io.k8s.api.apps.") || starts_with(definition, "io.k8s.api.extensions.")) &&
      (name == "DeploymentSpec" || name == "ReplicaSetSpec" || name == "DaemonSetSpec" || name == "StatefulSetSpec")) {
    return Hook::controller_spec;
  }
  return Hook::none;
}

template <typename T>
auto gvk_key(const T& x) {
  return std::tie(x.kind, x.group, x.version);
}

std::mutex& catalog_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

ApiData::ApiData() { decode(); }
ApiData::~ApiData() = default;

const ApiData& ApiData::get() {
  static const ApiData data;
  return data;
}

std::size_t ApiData::embedded_size() noexcept { return detail::kApiBlobSize; }

void ApiData::decode() {
  Reader in(detail::kApiBlob, detail::kApiBlobSize);
  if (in.bytes(4) != "SSK8" || in.u() != kFormatVersion) {
    throw std::runtime_error("the Kubernetes API data has an unknown format");
  }
  const std::uint32_t string_count = in.u();
  strings_.reserve(string_count);
  for (std::uint32_t i = 0; i < string_count; ++i) strings_.push_back(in.bytes(in.u()));
  auto str = [&](std::uint32_t id) -> std::string_view {
    if (id >= strings_.size()) throw std::runtime_error("the Kubernetes API data is corrupt");
    return strings_[id];
  };

  // Nodes. A child that is a reference is stored as the definition it names.
  const std::uint32_t node_count = in.u();
  std::vector<std::uint32_t> ref_of(node_count, kNoNode);  // definition name of `ref` nodes
  schema_.reserve(node_count, std::size_t{node_count} * 4);
  auto child = [&](std::uint32_t id) -> NodeRef {
    if (id >= schema_.size()) throw std::runtime_error("the Kubernetes API data is corrupt");
    return ref_of[id] != kNoNode ? (kRefBit | ref_of[id]) : id;
  };
  std::vector<std::uint16_t> pending_enums(node_count, 0);
  for (std::uint32_t i = 0; i < node_count; ++i) {
    Node n;
    std::vector<Property> props;
    std::vector<std::string_view> required;
    std::vector<std::string_view> keys;
    switch (static_cast<BlobKind>(in.u())) {
      case BlobKind::any:
        break;
      case BlobKind::object: {
        n.type = Type::object;
        const std::uint32_t count = in.u();
        props.reserve(count);
        for (std::uint32_t p = 0; p < count; ++p) {
          const std::string_view name = str(in.u());
          props.push_back({name, child(in.u())});
        }
        const std::uint32_t req = in.u();
        for (std::uint32_t r = 0; r < req; ++r) {
          const std::uint32_t index = in.u();
          if (index >= props.size()) throw std::runtime_error("the Kubernetes API data is corrupt");
          required.push_back(props[index].name);
        }
        n.open = in.u() != 0;
        if (const std::uint32_t extra = in.u(); extra != 0) n.child = child(extra - 1);
        break;
      }
      case BlobKind::map:
        n.type = Type::map;
        n.child = child(in.u());
        break;
      case BlobKind::array: {
        n.type = Type::array;
        n.child = child(in.u());
        n.list_type = static_cast<ListType>(std::min<std::uint32_t>(in.u(), 3));
        const std::uint32_t count = in.u();
        for (std::uint32_t k = 0; k < count; ++k) keys.push_back(str(in.u()));
        break;
      }
      case BlobKind::string:
        n.type = Type::string;
        n.format = static_cast<Format>(in.u());
        pending_enums[i] = static_cast<std::uint16_t>(in.u());
        break;
      case BlobKind::integer:
        n.type = Type::integer;
        n.format = static_cast<Format>(in.u());
        break;
      case BlobKind::intstr:
        n.type = Type::int_or_string;
        n.format = static_cast<Format>(in.u());
        break;
      case BlobKind::number:
        n.type = Type::number;
        break;
      case BlobKind::boolean:
        n.type = Type::boolean;
        break;
      case BlobKind::quantity:
        n.type = Type::quantity;
        n.quantity_elsewhere = in.u() != 0;
        break;
      case BlobKind::ref:
        ref_of[i] = in.u();
        (void)str(ref_of[i]);
        break;
      default:
        throw std::runtime_error("the Kubernetes API data is corrupt");
    }
    schema_.add(n, std::move(props), required, keys);
  }
  const std::uint32_t enum_count = in.u();
  std::vector<std::uint16_t> enum_ids;
  for (std::uint32_t e = 0; e < enum_count; ++e) {
    std::vector<std::string_view> values(in.u());
    for (auto& v : values) v = str(in.u());
    enum_ids.push_back(schema_.add_enum(std::move(values)));
  }
  for (std::uint32_t i = 0; i < node_count; ++i) {
    if (pending_enums[i] == 0) continue;
    if (pending_enums[i] > enum_ids.size()) throw std::runtime_error("the Kubernetes API data is corrupt");
    schema_.mutable_node(i).enum_id = enum_ids[pending_enums[i] - 1U];
  }

  // Versions.
  const std::uint32_t version_count = in.u();
  if (version_count == 0) throw std::runtime_error("the Kubernetes API data has no versions");
  std::vector<std::array<std::uint32_t, 3>> live;
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint64_t>> seen;
  for (std::uint32_t v = 0; v < version_count; ++v) {
    VersionDelta d;
    d.minor = static_cast<int>(in.u());
    if (d.minor > 63 || (!minors_.empty() && d.minor <= minors_.back())) {
      throw std::runtime_error("the Kubernetes API data is corrupt");
    }
    for (std::uint32_t n = in.u(); n > 0; --n) {
      const std::uint32_t name = in.u();
      const std::uint32_t node = in.u();
      if (node >= node_count) throw std::runtime_error("the Kubernetes API data is corrupt");
      const std::string_view definition = str(name);
      Node& target = schema_.mutable_node(node);
      if (target.name.empty()) {
        target.name = short_name(definition);
        target.hook = hook_for(definition);
      }
      d.changed.emplace_back(name, node);
    }
    for (std::uint32_t n = in.u(); n > 0; --n) d.removed.push_back(in.u());
    for (std::uint32_t n = in.u(); n > 0; --n) {
      std::array<std::uint32_t, 4> k{in.u(), in.u(), in.u(), in.u()};
      for (auto id : k) (void)str(id);
      d.kinds_changed.push_back(k);
    }
    for (std::uint32_t n = in.u(); n > 0; --n) d.kinds_removed.push_back({in.u(), in.u(), in.u()});
    // Track which minors serve each kind.
    for (const auto& r : d.kinds_removed) {
      live.erase(std::remove(live.begin(), live.end(), r), live.end());
    }
    for (const auto& k : d.kinds_changed) {
      const std::array<std::uint32_t, 3> gvk{k[0], k[1], k[2]};
      if (std::find(live.begin(), live.end(), gvk) == live.end()) live.push_back(gvk);
    }
    for (const auto& gvk : live) {
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) {
        return std::get<0>(s) == gvk[0] && std::get<1>(s) == gvk[1] && std::get<2>(s) == gvk[2];
      });
      if (it == seen.end()) {
        seen.emplace_back(gvk[0], gvk[1], gvk[2], 0);
        it = seen.end() - 1;
      }
      std::get<3>(*it) |= std::uint64_t{1} << static_cast<unsigned>(d.minor);
    }
    minors_.push_back(d.minor);
    deltas_.push_back(std::move(d));
  }
  for (const auto& [g, v, k, minors] : seen) {
    presence_.push_back({strings_[g], strings_[v], strings_[k], minors});
    if (std::find(groups_.begin(), groups_.end(), strings_[g]) == groups_.end()) groups_.push_back(strings_[g]);
  }
  std::sort(presence_.begin(), presence_.end(),
            [](const Presence& a, const Presence& b) { return gvk_key(a) < gvk_key(b); });

  for (std::uint32_t n = in.u(); n > 0; --n) {
    Lifecycle l;
    l.group = str(in.u());
    l.version = str(in.u());
    l.kind = str(in.u());
    l.introduced = static_cast<int>(in.u());
    l.deprecated = static_cast<int>(in.u());
    l.removed = static_cast<int>(in.u());
    l.replacement = str(in.u());
    l.fix_safe = in.u() != 0;
    lifecycles_.push_back(l);
    if (std::find(groups_.begin(), groups_.end(), l.group) == groups_.end()) groups_.push_back(l.group);
  }
  std::sort(lifecycles_.begin(), lifecycles_.end(),
            [](const Lifecycle& a, const Lifecycle& b) { return gvk_key(a) < gvk_key(b); });
  if (!in.done()) throw std::runtime_error("the Kubernetes API data has trailing bytes");
  catalogs_.resize(minors_.size());
}

const Catalog& ApiData::catalog(int minor) const {
  std::size_t index = 0;
  while (index + 1 < minors_.size() && minors_[index + 1] <= minor) ++index;
  std::lock_guard lock(catalog_mutex());
  if (catalogs_[index]) return *catalogs_[index];
  auto c = std::make_unique<Catalog>();
  c->minor_ = minors_[index];
  c->schema_ = &schema_;
  c->definitions_.assign(strings_.size(), kNoNode);
  std::vector<std::array<std::uint32_t, 4>> kinds;
  for (std::size_t v = 0; v <= index; ++v) {
    const VersionDelta& d = deltas_[v];
    for (const auto& [name, node] : d.changed) c->definitions_[name] = node;
    for (std::uint32_t name : d.removed) c->definitions_[name] = kNoNode;
    for (const auto& r : d.kinds_removed) {
      kinds.erase(std::remove_if(kinds.begin(), kinds.end(),
                                 [&](const auto& k) { return k[0] == r[0] && k[1] == r[1] && k[2] == r[2]; }),
                  kinds.end());
    }
    for (const auto& k : d.kinds_changed) {
      auto it = std::find_if(kinds.begin(), kinds.end(),
                             [&](const auto& x) { return x[0] == k[0] && x[1] == k[1] && x[2] == k[2]; });
      if (it == kinds.end()) {
        kinds.push_back(k);
      } else {
        *it = k;
      }
    }
  }
  // A reference to a definition that this version lacks cannot be reached from its kinds;
  // it stays unresolved (kNoNode) and validates as anything.
  for (const auto& k : kinds) {
    c->kinds_.push_back({strings_[k[0]], strings_[k[1]], strings_[k[2]], c->definitions_[k[3]]});
  }
  std::sort(c->kinds_.begin(), c->kinds_.end(),
            [](const ServedKind& a, const ServedKind& b) { return gvk_key(a) < gvk_key(b); });
  for (std::size_t s = 0; s < strings_.size(); ++s) {
    if (strings_[s] == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") c->object_meta_ = c->definitions_[s];
  }
  catalogs_[index] = std::move(c);
  return *catalogs_[index];
}

const ServedKind* Catalog::find(std::string_view group, std::string_view version,
                                std::string_view kind) const noexcept {
  const ServedKind probe{group, version, kind, kNoNode};
  const auto it = std::lower_bound(kinds_.begin(), kinds_.end(), probe,
                                   [](const ServedKind& a, const ServedKind& b) { return gvk_key(a) < gvk_key(b); });
  if (it == kinds_.end() || it->kind != kind || it->group != group || it->version != version) return nullptr;
  return &*it;
}

const Lifecycle* ApiData::lifecycle(std::string_view group, std::string_view version,
                                    std::string_view kind) const noexcept {
  Lifecycle probe;
  probe.group = group;
  probe.version = version;
  probe.kind = kind;
  const auto it = std::lower_bound(lifecycles_.begin(), lifecycles_.end(), probe,
                                   [](const Lifecycle& a, const Lifecycle& b) { return gvk_key(a) < gvk_key(b); });
  if (it == lifecycles_.end() || it->kind != kind || it->group != group || it->version != version) return nullptr;
  return &*it;
}

std::uint64_t ApiData::serving(std::string_view group, std::string_view version, std::string_view kind) const noexcept {
  const Presence probe{group, version, kind, 0};
  const auto it = std::lower_bound(presence_.begin(), presence_.end(), probe,
                                   [](const Presence& a, const Presence& b) { return gvk_key(a) < gvk_key(b); });
  if (it == presence_.end() || it->kind != kind || it->group != group || it->version != version) return 0;
  return it->minors;
}

bool ApiData::builtin_group(std::string_view group) const noexcept {
  return std::find(groups_.begin(), groups_.end(), group) != groups_.end();
}

std::vector<std::string_view> ApiData::kinds_of_group(std::string_view group) const {
  std::vector<std::string_view> out;
  for (const Presence& p : presence_) {
    if (p.group == group && (out.empty() || out.back() != p.kind)) out.push_back(p.kind);
  }
  return out;
}

}  // namespace shipshape::k8s
