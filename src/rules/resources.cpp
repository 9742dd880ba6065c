// Shared logic of the container resource rules.
#include "rules/resources.hpp"

namespace shipshape::rules {

void MissingResourceRule::check(const Resource& r, Context& ctx) const {
  const bool request = kind_ == "requests";
  std::optional<bool> defaulted;  // looked up once per object, on the first miss
  for (const Container& c : r.all_containers()) {
    const Value v = container_resource(c, kind_, resource_);
    if (v && !v.is_null()) continue;
    if (request) {
      const Value limit = container_resource(c, "limits", resource_);
      if (limit && !limit.is_null()) continue;
    }
    if (!defaulted) {
      defaulted =
          limitrange_default(ctx.index(), r.ns(), r.application(), request ? "defaultRequest" : "default", resource_);
    }
    if (*defaulted) return;
    ctx.report(r, c.node(), c.path().key("resources").key(kind_).key(resource_),
               fmt::format("{} sets no {} {}", c.describe(), resource_, request ? "request" : "limit"));
  }
}

std::optional<EffectiveAmount> effective_request(const Container& c, std::string_view resource) {
  for (std::string_view kind : {"requests", "limits"}) {
    const Value v = container_resource(c, kind, resource);
    if (!v || v.is_null()) continue;
    if (auto q = quantity_of(v)) return EffectiveAmount{v, *q};
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace shipshape::rules
