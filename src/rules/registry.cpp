// The one list of built-in rules, sorted by id. Adding a rule adds one line here.
#include "shipshape/rule.hpp"

namespace shipshape {
namespace rules {
// Factories, one per rule file (src/rules/<id>.cpp).
std::unique_ptr<Rule> make_bare_pod();
std::unique_ptr<Rule> make_config_ref_missing();
std::unique_ptr<Rule> make_cpu_limit_set();
std::unique_ptr<Rule> make_cpu_request_missing();
std::unique_ptr<Rule> make_cpu_request_too_high();
std::unique_ptr<Rule> make_duplicate_env_var();
std::unique_ptr<Rule> make_duplicate_object();
std::unique_ptr<Rule> make_hostpath_volume();
std::unique_ptr<Rule> make_hpa_metric_without_request();
std::unique_ptr<Rule> make_hpa_missing();
std::unique_ptr<Rule> make_hpa_replicas_invalid();
std::unique_ptr<Rule> make_hpa_target_missing();
std::unique_ptr<Rule> make_invalid_label();
std::unique_ptr<Rule> make_invalid_quantity();
std::unique_ptr<Rule> make_liveness_probe_missing();
std::unique_ptr<Rule> make_logs_to_file();
std::unique_ptr<Rule> make_manifest_invalid();
std::unique_ptr<Rule> make_memory_limit_missing();
std::unique_ptr<Rule> make_memory_request_below_limit();
std::unique_ptr<Rule> make_memory_request_missing();
std::unique_ptr<Rule> make_pdb_blocks_eviction();
std::unique_ptr<Rule> make_pdb_missing();
std::unique_ptr<Rule> make_pdb_selects_nothing();
std::unique_ptr<Rule> make_pod_spreading_missing();
std::unique_ptr<Rule> make_prestop_exceeds_grace_period();
std::unique_ptr<Rule> make_prestop_hook_missing();
std::unique_ptr<Rule> make_probe_port_unknown();
std::unique_ptr<Rule> make_probes_identical();
std::unique_ptr<Rule> make_readiness_probe_missing();
std::unique_ptr<Rule> make_recommended_labels_missing();
std::unique_ptr<Rule> make_replicas_too_few();
std::unique_ptr<Rule> make_replicas_with_hpa();
std::unique_ptr<Rule> make_request_exceeds_limit();
std::unique_ptr<Rule> make_required_labels_missing();
std::unique_ptr<Rule> make_rwo_volume_shared();
std::unique_ptr<Rule> make_secret_in_env();
std::unique_ptr<Rule> make_secret_literal_in_env();
std::unique_ptr<Rule> make_selector_mismatch();
std::unique_ptr<Rule> make_sensitive_data_in_configmap();
std::unique_ptr<Rule> make_termination_grace_period_zero();
std::unique_ptr<Rule> make_vpa_auto_mode();
std::unique_ptr<Rule> make_vpa_hpa_conflict();
std::unique_ptr<Rule> make_yaml_syntax();
}  // namespace rules

void register_builtin_rules(Registry& registry) {
  registry.add(rules::make_bare_pod);
  registry.add(rules::make_config_ref_missing);
  registry.add(rules::make_cpu_limit_set);
  registry.add(rules::make_cpu_request_missing);
  registry.add(rules::make_cpu_request_too_high);
  registry.add(rules::make_duplicate_env_var);
  registry.add(rules::make_duplicate_object);
  registry.add(rules::make_hostpath_volume);
  registry.add(rules::make_hpa_metric_without_request);
  registry.add(rules::make_hpa_missing);
  registry.add(rules::make_hpa_replicas_invalid);
  registry.add(rules::make_hpa_target_missing);
  registry.add(rules::make_invalid_label);
  registry.add(rules::make_invalid_quantity);
  registry.add(rules::make_liveness_probe_missing);
  registry.add(rules::make_logs_to_file);
  registry.add(rules::make_manifest_invalid);
  registry.add(rules::make_memory_limit_missing);
  registry.add(rules::make_memory_request_below_limit);
  registry.add(rules::make_memory_request_missing);
  registry.add(rules::make_pdb_blocks_eviction);
  registry.add(rules::make_pdb_missing);
  registry.add(rules::make_pdb_selects_nothing);
  registry.add(rules::make_pod_spreading_missing);
  registry.add(rules::make_prestop_exceeds_grace_period);
  registry.add(rules::make_prestop_hook_missing);
  registry.add(rules::make_probe_port_unknown);
  registry.add(rules::make_probes_identical);
  registry.add(rules::make_readiness_probe_missing);
  registry.add(rules::make_recommended_labels_missing);
  registry.add(rules::make_replicas_too_few);
  registry.add(rules::make_replicas_with_hpa);
  registry.add(rules::make_request_exceeds_limit);
  registry.add(rules::make_required_labels_missing);
  registry.add(rules::make_rwo_volume_shared);
  registry.add(rules::make_secret_in_env);
  registry.add(rules::make_secret_literal_in_env);
  registry.add(rules::make_selector_mismatch);
  registry.add(rules::make_sensitive_data_in_configmap);
  registry.add(rules::make_termination_grace_period_zero);
  registry.add(rules::make_vpa_auto_mode);
  registry.add(rules::make_vpa_hpa_conflict);
  registry.add(rules::make_yaml_syntax);
}

}  // namespace shipshape
