// Registers the built-in rules listed in builtin_rules.def. There is no self-registration by
// static initialisers: it breaks silently in static libraries.
#include "shipshape/rule.hpp"

namespace shipshape {

namespace rules {
#define SHIPSHAPE_RULE(name) std::unique_ptr<Rule> make_##name();
#include "rules/builtin_rules.def"
#undef SHIPSHAPE_RULE
}  // namespace rules

void register_builtin_rules(Registry& registry) {
#define SHIPSHAPE_RULE(name) registry.add(rules::make_##name);
#include "rules/builtin_rules.def"
#undef SHIPSHAPE_RULE
}

}  // namespace shipshape
