// The one list of built-in rules, sorted by id. Adding a rule adds one line here.
#include "shipshape/rule.hpp"

namespace shipshape {
namespace rules {
// Factories, one per rule file (src/rules/<id>.cpp).
std::unique_ptr<Rule> make_cpu_limit_set();
std::unique_ptr<Rule> make_cpu_request_missing();
std::unique_ptr<Rule> make_cpu_request_too_high();
std::unique_ptr<Rule> make_duplicate_object();
std::unique_ptr<Rule> make_invalid_quantity();
std::unique_ptr<Rule> make_liveness_probe_missing();
std::unique_ptr<Rule> make_manifest_invalid();
std::unique_ptr<Rule> make_memory_limit_missing();
std::unique_ptr<Rule> make_memory_request_below_limit();
std::unique_ptr<Rule> make_memory_request_missing();
std::unique_ptr<Rule> make_probe_port_unknown();
std::unique_ptr<Rule> make_probes_identical();
std::unique_ptr<Rule> make_readiness_probe_missing();
std::unique_ptr<Rule> make_request_exceeds_limit();
std::unique_ptr<Rule> make_yaml_syntax();
}  // namespace rules

void register_builtin_rules(Registry& registry) {
  registry.add(rules::make_cpu_limit_set);
  registry.add(rules::make_cpu_request_missing);
  registry.add(rules::make_cpu_request_too_high);
  registry.add(rules::make_duplicate_object);
  registry.add(rules::make_invalid_quantity);
  registry.add(rules::make_liveness_probe_missing);
  registry.add(rules::make_manifest_invalid);
  registry.add(rules::make_memory_limit_missing);
  registry.add(rules::make_memory_request_below_limit);
  registry.add(rules::make_memory_request_missing);
  registry.add(rules::make_probe_port_unknown);
  registry.add(rules::make_probes_identical);
  registry.add(rules::make_readiness_probe_missing);
  registry.add(rules::make_request_exceeds_limit);
  registry.add(rules::make_yaml_syntax);
}

}  // namespace shipshape
