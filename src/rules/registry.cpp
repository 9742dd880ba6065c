// The one list of built-in rules, sorted by id. Adding a rule adds one line here.
#include "shipshape/rule.hpp"

namespace shipshape {
namespace rules {
// Factories, one per rule file (src/rules/<id>.cpp).
std::unique_ptr<Rule> make_capabilities_not_dropped();
std::unique_ptr<Rule> make_cpu_limit_set();
std::unique_ptr<Rule> make_cpu_request_missing();
std::unique_ptr<Rule> make_cpu_request_too_high();
std::unique_ptr<Rule> make_dangerous_capability();
std::unique_ptr<Rule> make_default_service_account();
std::unique_ptr<Rule> make_duplicate_object();
std::unique_ptr<Rule> make_host_ipc();
std::unique_ptr<Rule> make_host_network();
std::unique_ptr<Rule> make_host_pid();
std::unique_ptr<Rule> make_host_port();
std::unique_ptr<Rule> make_image_digest_missing();
std::unique_ptr<Rule> make_image_registry_not_allowed();
std::unique_ptr<Rule> make_image_tag_mutable();
std::unique_ptr<Rule> make_ingress_host_conflict();
std::unique_ptr<Rule> make_ingress_host_invalid();
std::unique_ptr<Rule> make_ingress_tls_missing();
std::unique_ptr<Rule> make_invalid_quantity();
std::unique_ptr<Rule> make_liveness_probe_missing();
std::unique_ptr<Rule> make_manifest_invalid();
std::unique_ptr<Rule> make_memory_limit_missing();
std::unique_ptr<Rule> make_memory_request_below_limit();
std::unique_ptr<Rule> make_memory_request_missing();
std::unique_ptr<Rule> make_metadata_api_reachable();
std::unique_ptr<Rule> make_namespace_default_deny_missing();
std::unique_ptr<Rule> make_namespace_limitrange_missing();
std::unique_ptr<Rule> make_namespace_resourcequota_missing();
std::unique_ptr<Rule> make_network_policy_missing();
std::unique_ptr<Rule> make_network_policy_selects_nothing();
std::unique_ptr<Rule> make_privilege_escalation_allowed();
std::unique_ptr<Rule> make_privileged_container();
std::unique_ptr<Rule> make_probe_port_unknown();
std::unique_ptr<Rule> make_probes_identical();
std::unique_ptr<Rule> make_rbac_anonymous_subject();
std::unique_ptr<Rule> make_rbac_cluster_admin_binding();
std::unique_ptr<Rule> make_rbac_escalation();
std::unique_ptr<Rule> make_rbac_pod_exec();
std::unique_ptr<Rule> make_rbac_secrets_access();
std::unique_ptr<Rule> make_rbac_wildcard();
std::unique_ptr<Rule> make_readiness_probe_missing();
std::unique_ptr<Rule> make_request_exceeds_limit();
std::unique_ptr<Rule> make_root_filesystem_writable();
std::unique_ptr<Rule> make_run_as_root();
std::unique_ptr<Rule> make_seccomp_profile_missing();
std::unique_ptr<Rule> make_sensitive_hostpath();
std::unique_ptr<Rule> make_service_account_token_mounted();
std::unique_ptr<Rule> make_service_port_unknown();
std::unique_ptr<Rule> make_service_selects_nothing();
std::unique_ptr<Rule> make_statefulset_service_missing();
std::unique_ptr<Rule> make_unsafe_proc_mount();
std::unique_ptr<Rule> make_unsafe_sysctl();
std::unique_ptr<Rule> make_yaml_syntax();
}  // namespace rules

void register_builtin_rules(Registry& registry) {
  registry.add(rules::make_capabilities_not_dropped);
  registry.add(rules::make_cpu_limit_set);
  registry.add(rules::make_cpu_request_missing);
  registry.add(rules::make_cpu_request_too_high);
  registry.add(rules::make_dangerous_capability);
  registry.add(rules::make_default_service_account);
  registry.add(rules::make_duplicate_object);
  registry.add(rules::make_host_ipc);
  registry.add(rules::make_host_network);
  registry.add(rules::make_host_pid);
  registry.add(rules::make_host_port);
  registry.add(rules::make_image_digest_missing);
  registry.add(rules::make_image_registry_not_allowed);
  registry.add(rules::make_image_tag_mutable);
  registry.add(rules::make_ingress_host_conflict);
  registry.add(rules::make_ingress_host_invalid);
  registry.add(rules::make_ingress_tls_missing);
  registry.add(rules::make_invalid_quantity);
  registry.add(rules::make_liveness_probe_missing);
  registry.add(rules::make_manifest_invalid);
  registry.add(rules::make_memory_limit_missing);
  registry.add(rules::make_memory_request_below_limit);
  registry.add(rules::make_memory_request_missing);
  registry.add(rules::make_metadata_api_reachable);
  registry.add(rules::make_namespace_default_deny_missing);
  registry.add(rules::make_namespace_limitrange_missing);
  registry.add(rules::make_namespace_resourcequota_missing);
  registry.add(rules::make_network_policy_missing);
  registry.add(rules::make_network_policy_selects_nothing);
  registry.add(rules::make_privilege_escalation_allowed);
  registry.add(rules::make_privileged_container);
  registry.add(rules::make_probe_port_unknown);
  registry.add(rules::make_probes_identical);
  registry.add(rules::make_rbac_anonymous_subject);
  registry.add(rules::make_rbac_cluster_admin_binding);
  registry.add(rules::make_rbac_escalation);
  registry.add(rules::make_rbac_pod_exec);
  registry.add(rules::make_rbac_secrets_access);
  registry.add(rules::make_rbac_wildcard);
  registry.add(rules::make_readiness_probe_missing);
  registry.add(rules::make_request_exceeds_limit);
  registry.add(rules::make_root_filesystem_writable);
  registry.add(rules::make_run_as_root);
  registry.add(rules::make_seccomp_profile_missing);
  registry.add(rules::make_sensitive_hostpath);
  registry.add(rules::make_service_account_token_mounted);
  registry.add(rules::make_service_port_unknown);
  registry.add(rules::make_service_selects_nothing);
  registry.add(rules::make_statefulset_service_missing);
  registry.add(rules::make_unsafe_proc_mount);
  registry.add(rules::make_unsafe_sysctl);
  registry.add(rules::make_yaml_syntax);
}

}  // namespace shipshape
