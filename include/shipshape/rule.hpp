// The Rule interface, its metadata record, options, and the registry of rules.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/finding.hpp"
#include "shipshape/quantity.hpp"
#include "shipshape/resource.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

class Index;
class Context;
struct RunSettings;

/// The type of a rule option, as written in the configuration file.
enum class OptionType : std::uint8_t {
  boolean,
  integer,
  number,
  string,
  string_list,
  quantity,
};
[[nodiscard]] std::string_view to_string(OptionType t) noexcept;

/// A rule option and its default.
struct OptionInfo {
  std::string name;
  OptionType type = OptionType::string;
  std::string default_value;  // YAML text, e.g. `2`, `"1"`, `[owner, team]`
  std::string description;
};

/// Everything known about a rule. It is the documentation: `shipshape rules`, `explain` and
/// the pages under docs/rules are generated from it.
struct RuleInfo {
  std::string id;       // kebab-case, names the problem
  std::string section;  // checklist section, e.g. `Application development`
  std::string group;    // checklist group, e.g. `Health checks`
  Severity severity = Severity::warning;
  bool enabled = true;       // false for optional rules
  std::string summary;       // one line: when the rule fires
  std::string applies_to;    // which objects it looks at, for the docs
  std::string rationale;     // why it matters
  std::string remediation;   // what to do
  std::string bad_example;   // YAML that fires the rule
  std::string good_example;  // YAML that does not
  std::vector<OptionInfo> options;
  std::string notes;  // decisions and limits worth documenting (optional)
  /// A configuration file (YAML) under which the examples are checked and shown, for rules
  /// that do nothing until configured (optional).
  std::string example_config;
};

/// A kind with its API group, as Kubernetes names kinds: `{"apps", "Deployment"}`. The core
/// group (`apiVersion: v1`) is the empty string: `{"", "Service"}`.
struct GroupKind {
  std::string group;
  std::string kind;
};

/// Which objects the engine hands to Rule::check.
class Scope {
 public:
  /// Objects of these kinds, each in its API group:
  /// `Scope::kinds({{"networking.k8s.io", "Ingress"}, {"extensions", "Ingress"}})`. A custom
  /// resource that happens to share a kind name with a built-in kind is not in the scope.
  static Scope kinds(std::initializer_list<GroupKind> kinds) {
    Scope s;
    s.kinds_.assign(kinds.begin(), kinds.end());
    return s;
  }
  /// Objects of these kinds in whatever API group declares them, for custom resources whose
  /// group varies between installations (and for Python rules, which name kinds only).
  static Scope kinds_in_any_group(std::vector<std::string> kinds) {
    Scope s;
    s.any_group_kinds_ = std::move(kinds);
    return s;
  }
  /// Every workload (objects with a pod template, Pods included).
  static Scope workloads() {
    Scope s;
    s.workloads_ = true;
    return s;
  }
  /// Every object.
  static Scope everything() {
    Scope s;
    s.all_ = true;
    return s;
  }
  /// No object: the rule works in Rule::finish only.
  static Scope none() { return {}; }
  /// Adds kinds to a scope (e.g. every workload plus PersistentVolumeClaims).
  [[nodiscard]] Scope with_kinds(std::initializer_list<GroupKind> kinds) && {
    kinds_.insert(kinds_.end(), kinds.begin(), kinds.end());
    return std::move(*this);
  }
  /// Adds kinds in any API group to a scope.
  [[nodiscard]] Scope with_kinds_in_any_group(std::vector<std::string> kinds) && {
    any_group_kinds_.insert(any_group_kinds_.end(), kinds.begin(), kinds.end());
    return std::move(*this);
  }
  /// Also hands a workload scope the workload fragments (Resource::is_fragment, typically
  /// kustomize patches), for rules that judge the values a fragment sets, never what it lacks.
  [[nodiscard]] Scope with_fragments() && {
    fragments_ = true;
    return std::move(*this);
  }

  /// The kinds named with their group.
  [[nodiscard]] const std::vector<GroupKind>& group_kinds() const noexcept { return kinds_; }
  /// The kinds named without a group.
  [[nodiscard]] const std::vector<std::string>& any_group_kinds() const noexcept { return any_group_kinds_; }
  [[nodiscard]] bool all_workloads() const noexcept { return workloads_; }
  [[nodiscard]] bool all_objects() const noexcept { return all_; }
  [[nodiscard]] bool fragments() const noexcept { return fragments_; }

 private:
  std::vector<GroupKind> kinds_;
  std::vector<std::string> any_group_kinds_;
  bool workloads_ = false;
  bool all_ = false;
  bool fragments_ = false;
};

/// A configured option value a rule cannot use (a regular expression that does not compile, a
/// list entry of the wrong form). Thrown by Rule::configure; the engine reports it as a
/// configuration error at the option's value, or at list item `item` when one is given.
class OptionError : public std::invalid_argument {
 public:
  OptionError(std::string option, std::optional<std::size_t> item, const std::string& message)
      : std::invalid_argument(message), option_(std::move(option)), item_(item) {}
  [[nodiscard]] const std::string& option() const noexcept { return option_; }
  [[nodiscard]] std::optional<std::size_t> item() const noexcept { return item_; }

 private:
  std::string option_;
  std::optional<std::size_t> item_;
};

/// The values of a rule's options for one run: configured values over declared defaults.
/// Configure() reads them; a getter for an undeclared name or the wrong type throws
/// std::logic_error (a bug in the rule, not in the user's input).
class Options {
 public:
  Options() = default;
  Options(const RuleInfo* info, Value configured) : info_(info), configured_(configured) {}

  [[nodiscard]] bool get_bool(std::string_view name) const;
  [[nodiscard]] std::int64_t get_int(std::string_view name) const;
  [[nodiscard]] double get_number(std::string_view name) const;
  [[nodiscard]] std::string get_string(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> get_list(std::string_view name) const;
  [[nodiscard]] Quantity get_quantity(std::string_view name) const;

  /// Checks the configured values against the declarations. Returns an error message naming
  /// the option (and sets `where` to the offending node), or nothing when all is well.
  [[nodiscard]] std::optional<std::string> validate(Value& where) const;

 private:
  /// The configured value, or the parsed default (kept alive in `holder`).
  [[nodiscard]] Value value_of(std::string_view name, OptionType type, std::shared_ptr<const Tree>& holder) const;

  const RuleInfo* info_ = nullptr;
  Value configured_;  // mapping of option name -> value, or absent
};

/// A check. One instance serves one run: configure() and prepare() are called once, then
/// check() concurrently from several threads (it must not mutate the rule), then finish().
class Rule {
 public:
  virtual ~Rule() = default;
  Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;

  [[nodiscard]] virtual const RuleInfo& info() const = 0;
  [[nodiscard]] virtual Scope scope() const = 0;
  /// Reads the rule's options. Throw std::invalid_argument for a value that is well-typed
  /// but unusable (the engine turns it into a configuration error).
  virtual void configure(const Options& /*options*/) {}
  /// Builds whatever cross-object tables the rule needs, once, before any check().
  virtual void prepare(const Index& /*index*/, const RunSettings& /*settings*/) {}
  /// Checks one object within the rule's scope.
  virtual void check(const Resource& /*object*/, Context& /*ctx*/) const {}
  /// Called once after every object was checked.
  virtual void finish(Context& /*ctx*/) const {}
};

using RuleFactory = std::function<std::unique_ptr<Rule>()>;

/// The rules an engine can run. The built-in registry is filled by one explicit, sorted
/// list (`register_builtin_rules`); tools add their own rules beside them.
class Registry {
 public:
  /// Adds a rule. Throws std::invalid_argument when the id is malformed or taken.
  void add(RuleFactory factory);

  struct Entry {
    RuleFactory factory;
    std::shared_ptr<const Rule> prototype;  // for metadata
  };
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] const RuleInfo* find(std::string_view id) const noexcept;
  /// Metadata of every rule, sorted by id.
  [[nodiscard]] std::vector<const RuleInfo*> infos() const;
  /// The message for an id that names no rule here, suggesting the closest id when one is
  /// near: `unknown rule "x"; did you mean "y"?`.
  [[nodiscard]] std::string unknown_rule_message(std::string_view id) const;

  /// A registry holding the built-in rules (a fresh copy each call, to extend at will).
  [[nodiscard]] static Registry with_builtin_rules();
  /// The shared, immutable registry of built-in rules.
  [[nodiscard]] static const Registry& builtin();

 private:
  std::vector<Entry> entries_;
};

/// Registers every built-in rule, in id order.
void register_builtin_rules(Registry& registry);

/// Whether `id` is a well-formed rule id (lower-case kebab-case).
[[nodiscard]] bool valid_rule_id(std::string_view id) noexcept;

}  // namespace shipshape
