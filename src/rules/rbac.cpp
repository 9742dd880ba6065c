// RBAC matching as the authorizer does it: exact names or `*`, subresources as `res/sub`.
#include "rules/rbac.hpp"

namespace shipshape::rules {

std::vector<PolicyRule> policy_rules(const Resource& role) {
  std::vector<PolicyRule> out;
  if (is_aggregated(role)) return out;
  std::size_t i = 0;
  for (Value rule : role.root()["rules"].items()) {
    out.push_back({rule, FieldPath::parse("rules").index(i++)});
  }
  return out;
}

Value match_item(Value list, std::string_view wanted) {
  Value star;
  for (Value item : list.items()) {
    if (item.equals(wanted)) return item;
    if (!star && item.equals("*")) star = item;
  }
  return star;
}

Value match_resource(Value resources, std::string_view resource) {
  const auto slash = resource.find('/');
  Value wildcard;
  for (Value item : resources.items()) {
    if (item.equals(resource)) return item;
    if (wildcard) continue;
    // `*` covers every resource; `*/scale` covers the scale subresource of every resource.
    const bool any_subresource = slash != std::string_view::npos && item.str().size() == resource.size() - slash + 1 &&
                                 item.str().substr(0, 2) == "*/" && item.str().substr(2) == resource.substr(slash + 1);
    if (item.equals("*") || any_subresource) wildcard = item;
  }
  return wildcard;
}

std::optional<Grant> grants(Value rule, std::string_view group, std::string_view resource,
                            std::initializer_list<std::string_view> verbs) {
  if (!match_item(rule["apiGroups"], group)) return std::nullopt;
  const Value res = match_resource(rule["resources"], resource);
  if (!res) return std::nullopt;
  for (std::string_view verb : verbs) {
    if (const Value v = match_item(rule["verbs"], verb)) return Grant{verb, v, res};
  }
  return std::nullopt;
}

}  // namespace shipshape::rules
