// Label selectors and the cross-resource Index.
#include "shipshape/index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

namespace shipshape {

// ---------------------------------------------------------------------------------------------
// LabelSelector

std::optional<LabelSelector> LabelSelector::from_map(Value map, std::string* error) {
  LabelSelector s;
  if (!map || map.is_null()) return s;
  if (!map.is_mapping()) {
    if (error) *error = "a selector must be a mapping of labels";
    return std::nullopt;
  }
  for (const Entry e : map.entries()) {
    if (!e.value.is_scalar() && !e.value.is_null()) {
      if (error) *error = fmt::format("the selector value for \"{}\" is not a string", e.key.str());
      return std::nullopt;
    }
    s.requirements_.push_back({e.key.str(), Op::in, {e.value.str()}});
  }
  return s;
}

std::optional<LabelSelector> LabelSelector::parse(Value selector, std::string* error) {
  if (!selector || selector.is_null()) return LabelSelector{};
  if (!selector.is_mapping()) {
    if (error) *error = "a label selector must be a mapping";
    return std::nullopt;
  }
  auto result = from_map(selector["matchLabels"], error);
  if (!result) return std::nullopt;
  const Value expressions = selector["matchExpressions"];
  if (expressions && !expressions.is_null() && !expressions.is_sequence()) {
    if (error) *error = "matchExpressions must be a list";
    return std::nullopt;
  }
  for (Value e : expressions.items()) {
    Requirement r;
    r.key = e["key"].str();
    const std::string_view op = e["operator"].str();
    if (r.key.empty()) {
      if (error) *error = "a matchExpressions entry has no key";
      return std::nullopt;
    }
    if (op == "In") {
      r.op = Op::in;
    } else if (op == "NotIn") {
      r.op = Op::not_in;
    } else if (op == "Exists") {
      r.op = Op::exists;
    } else if (op == "DoesNotExist") {
      r.op = Op::does_not_exist;
    } else {
      if (error) *error = fmt::format("unknown selector operator \"{}\"", op);
      return std::nullopt;
    }
    for (Value v : e["values"].items()) r.values.push_back(v.str());
    const bool needs_values = r.op == Op::in || r.op == Op::not_in;
    if (needs_values && r.values.empty()) {
      if (error) *error = fmt::format("operator {} needs at least one value", op);
      return std::nullopt;
    }
    if (!needs_values && !r.values.empty()) {
      if (error) *error = fmt::format("operator {} takes no values", op);
      return std::nullopt;
    }
    result->requirements_.push_back(std::move(r));
  }
  return result;
}

bool LabelSelector::matches(Value labels) const noexcept {
  for (const auto& r : requirements_) {
    const Value v = labels[r.key];
    const bool present = v && !v.is_null();
    switch (r.op) {
      case Op::exists:
        if (!present) return false;
        break;
      case Op::does_not_exist:
        if (present) return false;
        break;
      case Op::in:
        if (!present || std::find(r.values.begin(), r.values.end(), v.str()) == r.values.end()) {
          return false;
        }
        break;
      case Op::not_in:
        if (present && std::find(r.values.begin(), r.values.end(), v.str()) != r.values.end()) {
          return false;
        }
        break;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Index

namespace {

std::size_t part_hash(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }

/// A tuple of strings within an application, with its hash computed once. The index hashes the
/// same kind, namespace and name into several maps; building keys from per-part hashes hashes
/// each string once. Application 0 hashes as if there were no application.
template <std::size_t N>
struct Key {
  std::array<std::string_view, N> parts;
  std::uint32_t app = 0;
  std::size_t hash = 0;

  template <typename... S>
  requires(sizeof...(S) == N) Key(S... s) : parts{std::string_view(s)...} {  // NOLINT(google-explicit-constructor)
    std::array<std::size_t, N> hashes;
    for (std::size_t i = 0; i < N; ++i) hashes[i] = part_hash(parts[i]);
    hash = combine(hashes);
  }
  Key(std::uint32_t application, const std::array<std::string_view, N>& p, const std::array<std::size_t, N>& hashes)
      : parts(p), app(application), hash(combine(hashes, application)) {}
  template <typename... S>
  requires(sizeof...(S) == N) static Key in(std::uint32_t application, S... s) {
    Key k(s...);
    k.app = application;
    k.hash ^= mix(application);
    return k;
  }

  static std::size_t mix(std::uint32_t application) noexcept {
    return static_cast<std::size_t>(application) * 0x9E3779B97F4A7C15ULL;
  }
  static std::size_t combine(const std::array<std::size_t, N>& hashes, std::uint32_t application = 0) noexcept {
    std::size_t h = 0;
    for (std::size_t x : hashes) h = h * 1000003U ^ x;
    return h ^ mix(application);
  }
  friend bool operator==(const Key& a, const Key& b) noexcept {
    return a.hash == b.hash && a.app == b.app && a.parts == b.parts;
  }
};

struct KeyHash {
  template <std::size_t N>
  std::size_t operator()(const Key<N>& k) const noexcept {
    return k.hash;
  }
};

template <std::size_t N, typename V>
using Map = std::unordered_map<Key<N>, V, KeyHash>;

using List = std::vector<const Resource*>;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Lists of objects keyed by a small dense number (an object id, or an id and a kind tag),
/// stored as one array with offsets: a few bytes per key instead of a vector and a hash node.
class Postings {
 public:
  /// Collects (key, object) pairs; `keys` bounds the key numbers.
  explicit Postings(std::size_t keys) : begin_(keys + 1, 0) {}
  void add(std::size_t key, const Resource* r) { pairs_.emplace_back(static_cast<std::uint32_t>(key), r); }
  /// Lays the pairs out by key, keeping the order they were added in within a key.
  void seal() {
    for (const auto& p : pairs_) ++begin_[p.first + 1];
    for (std::size_t k = 1; k < begin_.size(); ++k) begin_[k] += begin_[k - 1];
    items_.resize(pairs_.size());
    std::vector<std::uint32_t> next(begin_.begin(), begin_.end() - 1);
    for (const auto& p : pairs_) items_[next[p.first]++] = p.second;
    std::vector<std::pair<std::uint32_t, const Resource*>>().swap(pairs_);
  }
  [[nodiscard]] Span<const Resource* const> of(std::size_t key) const noexcept {
    if (key + 1 >= begin_.size()) return {};
    return {items_.data() + begin_[key], std::size_t{begin_[key + 1] - begin_[key]}};
  }

 private:
  std::vector<std::uint32_t> begin_;
  std::vector<const Resource*> items_;
  std::vector<std::pair<std::uint32_t, const Resource*>> pairs_;
};

/// An open-addressing hash table of object ids (linear probing, at most half full). The keys
/// are the objects' own fields, so the table stores nothing but ids.
class IdTable {
 public:
  explicit IdTable(std::size_t objects) : slots_(std::bit_ceil(std::max<std::size_t>(objects * 2, 8)), kNone) {}
  /// The slot of the first object `same(id)` accepts among those stored under `hash`, or the
  /// empty slot where such an object belongs.
  template <typename Same>
  std::uint32_t& slot(std::size_t hash, Same&& same) noexcept {
    return slots_[probe(hash, same)];
  }
  /// The id of the first object `same(id)` accepts among those stored under `hash`, or kNone.
  template <typename Same>
  [[nodiscard]] std::uint32_t find(std::size_t hash, Same&& same) const noexcept {
    return slots_[probe(hash, same)];
  }

 private:
  template <typename Same>
  [[nodiscard]] std::size_t probe(std::size_t hash, Same& same) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i] != kNone && !same(slots_[i])) i = (i + 1) & mask;
    return i;
  }

  std::vector<std::uint32_t> slots_;
};

constexpr std::string_view kService = "Service";
constexpr std::string_view kPdb = "PodDisruptionBudget";
constexpr std::string_view kNetworkPolicy = "NetworkPolicy";
constexpr std::string_view kHpa = "HorizontalPodAutoscaler";
constexpr std::string_view kVpa = "VerticalPodAutoscaler";

}  // namespace

struct Index::Impl {
  // Every key but by_kind's is within an application (Resource::application).
  Map<1, List> by_kind;  // run-wide
  Map<2, List> by_kind_ns;
  Map<1, List> workloads_by_ns;
  IdTable by_name;                      // kind, ns, name -> first object
  std::vector<std::uint32_t> identity;  // object id -> its group of objects with the same identity
  Postings same_identity;               // group -> objects (group, kind, ns, name all equal)
  Map<3, List> by_label;                // ns, key, value -> workloads
  std::unordered_map<std::uint32_t, LabelSelector> selectors;
  Postings selected;       // selecting object id -> workloads
  Postings selecting;      // workload id * 4 + kind tag -> selecting objects
  Map<4, List> targeting;  // autoscaler kind, ns, target kind, target name
  std::unordered_map<std::uint32_t, const Resource*> target_of;

  explicit Impl(std::size_t objects)
      : by_name(objects), same_identity(objects), selected(objects), selecting(objects * 4) {}

  static std::size_t selecting_key(std::uint32_t id, std::string_view kind) {
    const std::size_t tag = kind == kService ? 1 : kind == kPdb ? 2 : kind == kNetworkPolicy ? 3 : 0;
    return (static_cast<std::size_t>(id) << 2) | tag;
  }

  List candidates(const LabelSelector& selector, std::string_view ns, std::uint32_t app) const {
    // Start from the smallest posting list of an equality requirement, if any.
    const List* best = nullptr;
    bool has_equality = false;
    for (const auto& r : selector.requirements()) {
      if (r.op != LabelSelector::Op::in || r.values.size() != 1) continue;
      has_equality = true;
      auto it = by_label.find(Key<3>::in(app, ns, r.key, r.values[0]));
      if (it == by_label.end()) return {};
      if (!best || it->second.size() < best->size()) best = &it->second;
    }
    if (has_equality) return *best;
    auto it = workloads_by_ns.find(Key<1>::in(app, ns));
    return it == workloads_by_ns.end() ? List{} : it->second;
  }
};

Index::Index(Span<const Resource> resources) : resources_(resources), impl_(std::make_unique<Impl>(resources.size())) {
  Impl& m = *impl_;
  // Object ids are positions in `resources`.
  m.identity.assign(resources.size(), kNone);
  std::uint32_t groups = 0;
  IdTable identities(resources.size());
  for (std::uint32_t id = 0; id < resources.size(); ++id) {
    const Resource& r = resources[id];
    const std::size_t group = part_hash(r.group());
    const std::size_t kind = part_hash(r.kind());
    const std::size_t ns = part_hash(r.ns());
    const std::size_t name = part_hash(r.name());
    const std::uint32_t app = r.application();
    m.by_kind[Key<1>(0, {r.kind()}, {kind})].push_back(&r);
    m.by_kind_ns[Key<2>(app, {r.kind(), r.ns()}, {kind, ns})].push_back(&r);
    std::uint32_t& first = m.by_name.slot(Key<3>::combine({kind, ns, name}, app), [&](std::uint32_t other) {
      const Resource& o = resources[other];
      return o.name() == r.name() && o.ns() == r.ns() && o.kind() == r.kind() && o.application() == app;
    });
    if (first == kNone) first = id;
    std::uint32_t& same = identities.slot(Key<4>::combine({group, kind, ns, name}, app), [&](std::uint32_t other) {
      const Resource& o = resources[other];
      return o.name() == r.name() && o.ns() == r.ns() && o.kind() == r.kind() && o.group() == r.group() &&
             o.application() == app;
    });
    if (same == kNone) {
      same = id;
      m.identity[id] = groups++;
    } else {
      m.identity[id] = m.identity[same];
    }
    m.same_identity.add(m.identity[id], &r);
    if (r.is_workload()) {
      m.workloads_by_ns[Key<1>(app, {r.ns()}, {ns})].push_back(&r);
      for (const Entry e : r.pod_labels().entries()) {
        const std::string_view key = e.key.str();
        const std::string_view value = e.value.str();
        m.by_label[Key<3>(app, {r.ns(), key, value}, {ns, part_hash(key), part_hash(value)})].push_back(&r);
      }
    }
  }

  m.same_identity.seal();

  // Selectors of Services, PodDisruptionBudgets and NetworkPolicies, resolved once.
  auto resolve = [&](const Resource& s, std::optional<LabelSelector> selector) {
    if (!selector) return;
    const LabelSelector& sel = m.selectors.emplace(s.id(), std::move(*selector)).first->second;
    // Helm hooks (test Pods, migration Jobs) serve no traffic and are no replicas to protect;
    // NetworkPolicies do apply to them.
    const bool skip_hooks = s.kind() != kNetworkPolicy;
    for (const Resource* w : m.candidates(sel, s.ns(), s.application())) {
      if ((skip_hooks && w->is_helm_hook()) || !sel.matches(w->pod_labels())) continue;
      m.selected.add(s.id(), w);
      m.selecting.add(Impl::selecting_key(w->id(), s.kind()), &s);
    }
  };
  for (const Resource* s : of_kind(kService)) {
    const Value selector = s->spec()["selector"];
    if (!selector.is_mapping() || selector.empty()) continue;  // no selector: selects nothing
    resolve(*s, LabelSelector::from_map(selector));
  }
  for (const Resource* s : of_kind(kPdb)) {
    const Value selector = s->spec()["selector"];
    if (!selector || selector.is_null()) continue;           // a null selector selects nothing
    if (s->version() != "v1" && selector.empty()) continue;  // v1beta1: empty selects nothing
    resolve(*s, LabelSelector::parse(selector));
  }
  for (const Resource* s : of_kind(kNetworkPolicy)) {
    // Calico's and other projects' NetworkPolicy kinds select pods with another syntax.
    if (s->group() != "networking.k8s.io" && s->group() != "extensions") continue;
    resolve(*s, LabelSelector::parse(s->spec()["podSelector"]));
  }

  // Autoscaler targets.
  auto link = [&](const Resource& a, std::string_view kind, Value ref) {
    const std::string_view target_kind = ref["kind"].str();
    const std::string_view target_name = ref["name"].str();
    if (target_kind.empty() || target_name.empty()) return;
    m.targeting[Key<4>::in(a.application(), kind, a.ns(), target_kind, target_name)].push_back(&a);
    if (const Resource* t = find(target_kind, a.ns(), target_name, a.application())) m.target_of.emplace(a.id(), t);
  };
  m.selected.seal();
  m.selecting.seal();

  for (const Resource* a : of_kind(kHpa)) link(*a, kHpa, a->spec()["scaleTargetRef"]);
  for (const Resource* a : of_kind(kVpa)) link(*a, kVpa, a->spec()["targetRef"]);
}

Index::~Index() = default;

Span<const Resource* const> Index::of_kind(std::string_view kind) const noexcept {
  auto it = impl_->by_kind.find(Key<1>(kind));
  if (it == impl_->by_kind.end()) return {};
  return it->second;
}

Span<const Resource* const> Index::of_kind(std::string_view kind, std::string_view ns,
                                           std::uint32_t application) const noexcept {
  auto it = impl_->by_kind_ns.find(Key<2>::in(application, kind, ns));
  if (it == impl_->by_kind_ns.end()) return {};
  return it->second;
}

Span<const Resource* const> Index::workloads(std::string_view ns, std::uint32_t application) const noexcept {
  auto it = impl_->workloads_by_ns.find(Key<1>::in(application, ns));
  if (it == impl_->workloads_by_ns.end()) return {};
  return it->second;
}

std::vector<std::string_view> Index::workload_namespaces() const {
  std::vector<std::string_view> out;
  out.reserve(impl_->workloads_by_ns.size());
  for (const auto& [key, list] : impl_->workloads_by_ns) out.push_back(key.parts[0]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());  // the same namespace in several applications
  return out;
}

bool Index::owns(const Resource& r) const noexcept { return r.id() < resources_.size() && &resources_[r.id()] == &r; }

const Resource* Index::find(std::string_view kind, std::string_view ns, std::string_view name,
                            std::uint32_t application) const noexcept {
  const std::size_t hash = Key<3>::combine({part_hash(kind), part_hash(ns), part_hash(name)}, application);
  const std::uint32_t id = impl_->by_name.find(hash, [&](std::uint32_t other) {
    const Resource& o = resources_[other];
    return o.name() == name && o.ns() == ns && o.kind() == kind && o.application() == application;
  });
  return id == kNone ? nullptr : &resources_[id];
}

Span<const Resource* const> Index::same_object(const Resource& r) const noexcept {
  if (!owns(r)) return {};
  return impl_->same_identity.of(impl_->identity[r.id()]);
}

std::vector<const Resource*> Index::select(const LabelSelector& selector, std::string_view ns,
                                           std::uint32_t application) const {
  std::vector<const Resource*> out;
  for (const Resource* w : impl_->candidates(selector, ns, application)) {
    if (selector.matches(w->pod_labels())) out.push_back(w);
  }
  return out;
}

Span<const Resource* const> Index::selected_by(const Resource& selecting) const noexcept {
  if (!owns(selecting)) return {};
  return impl_->selected.of(selecting.id());
}

Span<const Resource* const> Index::selecting(const Resource& workload, std::string_view kind) const noexcept {
  if (!owns(workload)) return {};
  const std::size_t key = Impl::selecting_key(workload.id(), kind);
  if ((key & 3U) == 0) return {};  // not a kind that selects workloads
  return impl_->selecting.of(key);
}

const LabelSelector* Index::selector_of(const Resource& selecting) const noexcept {
  auto it = impl_->selectors.find(selecting.id());
  return it == impl_->selectors.end() ? nullptr : &it->second;
}

Span<const Resource* const> Index::targeting(const Resource& target, std::string_view kind) const noexcept {
  auto it = impl_->targeting.find(Key<4>::in(target.application(), kind, target.ns(), target.kind(), target.name()));
  if (it == impl_->targeting.end()) return {};
  return it->second;
}

const Resource* Index::target_of(const Resource& autoscaler) const noexcept {
  auto it = impl_->target_of.find(autoscaler.id());
  return it == impl_->target_of.end() ? nullptr : it->second;
}

std::int64_t Index::effective_replicas(const Resource& workload) const noexcept {
  const auto hpas = targeting(workload, kHpa);
  if (!hpas.empty()) {
    std::int64_t lowest = std::numeric_limits<std::int64_t>::max();
    for (const Resource* h : hpas) {
      const Value min = h->spec()["minReplicas"];
      lowest = std::min<std::int64_t>(lowest, min ? min.as_int().value_or(1) : 1);
    }
    return lowest;
  }
  const Value replicas = workload.spec()["replicas"];
  if (!replicas || replicas.is_null()) return 1;
  return replicas.as_int().value_or(1);
}

}  // namespace shipshape
