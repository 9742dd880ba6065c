// Rule options and the rule registry.
#include "shipshape/rule.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "internal.hpp"
#include "parse.hpp"

namespace shipshape {

std::string_view to_string(OptionType t) noexcept {
  switch (t) {
    case OptionType::boolean:
      return "boolean";
    case OptionType::integer:
      return "integer";
    case OptionType::number:
      return "number";
    case OptionType::string:
      return "string";
    case OptionType::string_list:
      return "list of strings";
    case OptionType::quantity:
      return "quantity";
  }
  return "unknown";
}

bool valid_rule_id(std::string_view id) noexcept {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char previous = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

namespace {

const OptionInfo* find_option(const RuleInfo* info, std::string_view name) {
  if (!info) return nullptr;
  for (const auto& o : info->options) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

/// Why `v` cannot serve as a value of type `t`, or empty when it can.
std::string type_problem(Value v, OptionType t) {
  switch (t) {
    case OptionType::boolean:
      if (!v.as_bool()) return "must be true or false";
      break;
    case OptionType::integer:
      if (!v.as_int()) return "must be an integer";
      break;
    case OptionType::number:
      if (!v.as_double()) return "must be a number";
      break;
    case OptionType::string:
      if (!v.is_scalar()) return "must be a string";
      break;
    case OptionType::string_list:
      if (!v.is_sequence()) return "must be a list of strings";
      for (Value item : v.items()) {
        if (!item.is_scalar()) return "must be a list of strings";
      }
      break;
    case OptionType::quantity:
      if (!v.is_scalar() || !Quantity::parse(v.str())) return "must be a quantity such as 500m or 1Gi";
      break;
  }
  return {};
}

}  // namespace

Value Options::value_of(std::string_view name, OptionType type, std::shared_ptr<const Tree>& holder) const {
  const OptionInfo* opt = find_option(info_, name);
  if (!opt) throw std::logic_error(fmt::format("rule option \"{}\" is not declared", name));
  if (opt->type != type) throw std::logic_error(fmt::format("rule option \"{}\" is not a {}", name, to_string(type)));
  if (Value v = configured_[name]; v && !v.is_null()) return v;
  auto source = std::make_shared<SourceText>("<default>", opt->default_value);
  ParseResult parsed = parse(source, InputFormat::yaml);
  if (!parsed.problems.empty() || parsed.documents.empty()) {
    throw std::logic_error(fmt::format("rule option \"{}\" has a malformed default", name));
  }
  holder = parsed.documents.front().tree;
  return parsed.documents.front().root;
}

bool Options::get_bool(std::string_view name) const {
  std::shared_ptr<const Tree> holder;
  return value_of(name, OptionType::boolean, holder).as_bool().value_or(false);
}

std::int64_t Options::get_int(std::string_view name) const {
  std::shared_ptr<const Tree> holder;
  return value_of(name, OptionType::integer, holder).as_int().value_or(0);
}

double Options::get_number(std::string_view name) const {
  std::shared_ptr<const Tree> holder;
  return value_of(name, OptionType::number, holder).as_double().value_or(0.0);
}

std::string Options::get_string(std::string_view name) const {
  std::shared_ptr<const Tree> holder;
  return std::string(value_of(name, OptionType::string, holder).str());
}

std::vector<std::string> Options::get_list(std::string_view name) const {
  std::shared_ptr<const Tree> holder;
  std::vector<std::string> out;
  for (Value v : value_of(name, OptionType::string_list, holder).items()) out.emplace_back(v.str());
  return out;
}

Quantity Options::get_quantity(std::string_view name) const {
  std::shared_ptr<const Tree> holder;
  return Quantity::parse(value_of(name, OptionType::quantity, holder).str()).value_or(Quantity{});
}

std::optional<std::string> Options::validate(Value& where) const {
  for (const Entry e : configured_.entries()) {
    const std::string_view name = e.key.str();
    const OptionInfo* opt = find_option(info_, name);
    if (!opt) {
      where = e.key;
      std::string known;
      for (const auto& o : info_->options) known += fmt::format("{}{}", known.empty() ? "" : ", ", o.name);
      return fmt::format("rule {} has no option \"{}\" ({})", info_->id, name,
                         known.empty() ? "it takes no options" : "known: " + known);
    }
    if (e.value.is_null()) continue;
    std::string problem = type_problem(e.value, opt->type);
    if (!problem.empty()) {
      where = e.value;
      return fmt::format("option {} of rule {} {}", name, info_->id, problem);
    }
  }
  return std::nullopt;
}

void Registry::add(RuleFactory factory) {
  std::shared_ptr<const Rule> prototype = factory();
  if (!prototype) throw std::invalid_argument("a rule factory returned nothing");
  const std::string& id = prototype->info().id;
  if (!valid_rule_id(id))
    throw std::invalid_argument(fmt::format("\"{}\" is not a valid rule id (use kebab-case)", id));
  if (find(id)) throw std::invalid_argument(fmt::format("rule \"{}\" is registered twice", id));
  entries_.push_back({std::move(factory), std::move(prototype)});
}

const RuleInfo* Registry::find(std::string_view id) const noexcept {
  for (const auto& e : entries_) {
    if (e.prototype->info().id == id) return &e.prototype->info();
  }
  return nullptr;
}

std::vector<const RuleInfo*> Registry::infos() const {
  std::vector<const RuleInfo*> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(&e.prototype->info());
  std::sort(out.begin(), out.end(), [](const RuleInfo* a, const RuleInfo* b) { return a->id < b->id; });
  return out;
}

std::string Registry::unknown_rule_message(std::string_view id) const {
  std::string best;
  std::size_t best_distance = 4;
  for (const RuleInfo* info : infos()) {
    const std::size_t d = edit_distance(id, info->id);
    if (d < best_distance) {
      best_distance = d;
      best = info->id;
    }
  }
  if (best.empty()) return fmt::format("unknown rule \"{}\" (see `shipshape rules`)", id);
  return fmt::format("unknown rule \"{}\"; did you mean \"{}\"?", id, best);
}

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    Registry r;
    register_builtin_rules(r);
    return r;
  }();
  return registry;
}

Registry Registry::with_builtin_rules() { return builtin(); }

}  // namespace shipshape
