// Cluster-configuration rules beyond what fixtures show: the JSON-patch fixes for every way a
// flag can be written, and the feature-gate table's answers.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"
#include "rules/cluster_data.hpp"

using namespace shipshape;

namespace {

/// The fix of the one finding of `rule` on `text`, rendered `op path value; ...`.
std::string fix_of(const std::string& text, const std::string& rule) {
  const Report r = test::check_only(text, {rule});
  BOOST_TEST_REQUIRE(r.findings.size() == 1U, rule << " gave " << r.findings.size() << " findings");
  std::string out;
  for (const auto& op : r.findings.front().fix) {
    out += op.op + " " + op.path + (op.value.empty() ? "" : " " + op.value) + "; ";
  }
  return out;
}

std::string apiserver_pod(const std::string& command) {
  return "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n"
         "      image: registry.k8s.io/kube-apiserver:v1.34.0\n" +
         command;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cluster)

BOOST_AUTO_TEST_CASE(container_flags_are_changed_where_written_and_added_after_the_last_item) {
  BOOST_TEST(fix_of(apiserver_pod("      command: [kube-apiserver, --anonymous-auth=true]\n"),
                    "apiserver-anonymous-auth") == "replace /spec/containers/0/command/1 \"--anonymous-auth=false\"; ");
  BOOST_TEST(fix_of(apiserver_pod("      command: [kube-apiserver, --authorization-mode, AlwaysAllow]\n"),
                    "apiserver-authorization") == "replace /spec/containers/0/command/2 \"Node,RBAC\"; ");
  // A boolean flag does not take the next item as its value (as pflag reads it).
  BOOST_TEST(fix_of(apiserver_pod("      command: [kube-apiserver, --anonymous-auth, \"true\"]\n"),
                    "apiserver-anonymous-auth") == "replace /spec/containers/0/command/1 \"--anonymous-auth=false\"; ");
  BOOST_TEST(fix_of(apiserver_pod("      command: [kube-apiserver]\n      args: [--secure-port=6443]\n"),
                    "apiserver-anonymous-auth") == "add /spec/containers/0/args/- \"--anonymous-auth=false\"; ");
  // In a shell script the flag is reported but not rewritten.
  BOOST_TEST(fix_of(apiserver_pod("      command: [sh, -c, \"exec kube-apiserver --anonymous-auth=true\"]\n"),
                    "apiserver-anonymous-auth") == "");
}

BOOST_AUTO_TEST_CASE(a_removed_flag_with_a_separate_value_loses_both_items) {
  BOOST_TEST(fix_of(apiserver_pod("      command: [kube-apiserver, --insecure-port, \"0\", --secure-port=6443]\n"),
                    "component-flag-removed") ==
             "remove /spec/containers/0/command/2; remove /spec/containers/0/command/1; ");
}

BOOST_AUTO_TEST_CASE(kubeadm_extra_args_are_edited_in_their_own_form) {
  BOOST_TEST(fix_of("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  certSANs: [a]\n",
                    "apiserver-anonymous-auth") ==
             "add /apiServer/extraArgs {}; add /apiServer/extraArgs/anonymous-auth \"false\"; ");
  BOOST_TEST(fix_of("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n"
                    "    anonymous-auth: \"true\"\n",
                    "apiserver-anonymous-auth") == "replace /apiServer/extraArgs/anonymous-auth \"false\"; ");
  BOOST_TEST(fix_of("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n"
                    "    - {name: profiling, value: \"false\"}\n",
                    "apiserver-anonymous-auth") ==
             "add /apiServer/extraArgs/- {\"name\":\"anonymous-auth\",\"value\":\"false\"}; ");
  BOOST_TEST(fix_of("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.31.0\n",
                    "apiserver-anonymous-auth") ==
             "add /apiServer {}; add /apiServer/extraArgs []; "
             "add /apiServer/extraArgs/- {\"name\":\"anonymous-auth\",\"value\":\"false\"}; ");
  BOOST_TEST(fix_of("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n"
                    "    - {name: anonymous-auth, value: \"true\"}\n",
                    "apiserver-anonymous-auth") == "replace /apiServer/extraArgs/0/value \"false\"; ");
}

BOOST_AUTO_TEST_CASE(kubelet_fields_are_set_with_their_json_type) {
  BOOST_TEST(fix_of("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n"
                    "rotateCertificates: true\nauthentication: {x509: {clientCAFile: /ca.crt}}\n",
                    "kubelet-config-insecure") == "replace /readOnlyPort 0; ");
  BOOST_TEST(fix_of("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                    "authentication: {x509: {clientCAFile: /ca.crt}}\n",
                    "kubelet-config-insecure") == "add /rotateCertificates true; ");
}

BOOST_AUTO_TEST_CASE(a_gate_is_removed_from_its_list) {
  BOOST_TEST(fix_of(apiserver_pod("      command: [kube-apiserver, \"--feature-gates=APIServerTracing=true,"
                                  "CBORServingAndStorage=true\"]\n"),
                    "alpha-features-enabled") ==
             "replace /spec/containers/0/command/1 \"--feature-gates=APIServerTracing=true\"; ");
  BOOST_TEST(fix_of("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfeatureGates:\n"
                    "  MemoryQoS: true\n",
                    "alpha-features-enabled") == "remove /featureGates/MemoryQoS; ");
}

BOOST_AUTO_TEST_CASE(feature_gate_table_answers_per_version) {
  using rules::GateStage;
  using rules::GateStatus;
  const auto pod_security_27 = rules::feature_gate_status("PodSecurity", {1, 27});
  BOOST_TEST((pod_security_27.kind == GateStatus::Kind::active && pod_security_27.stage == GateStage::ga));
  const auto pod_security_28 = rules::feature_gate_status("PodSecurity", {1, 28});
  BOOST_TEST((pod_security_28.kind == GateStatus::Kind::removed && pod_security_28.version.minor == 28));
  const auto swap = rules::feature_gate_status("NodeSwap", {1, 29});
  BOOST_TEST((swap.kind == GateStatus::Kind::active && swap.stage == GateStage::beta && swap.version.minor == 28));
  const auto psi = rules::feature_gate_status("KubeletPSI", {1, 32});
  BOOST_TEST((psi.kind == GateStatus::Kind::not_yet && psi.version.minor == 33));
  BOOST_TEST((rules::feature_gate_status("NoSuchGate", {1, 34}).kind == GateStatus::Kind::unknown));
  // Past the table's newest minor, gates keep their last stage.
  const auto later = rules::feature_gate_status("MemoryQoS", {1, 40});
  BOOST_TEST((later.kind == GateStatus::Kind::active && later.stage == GateStage::alpha));
  const auto rows = rules::feature_gate_rows();
  BOOST_TEST(std::is_sorted(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.name < b.name; }));
}

BOOST_AUTO_TEST_SUITE_END()
