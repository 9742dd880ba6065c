// Governance rules beyond what fixtures show: JSON-patch fixes, cross-file conflicts, rules
// that wait for configuration.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace shipshape;

namespace {

const char* kBarePod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: app:1\n"
    "      securityContext: {runAsUser: 1000}\n";

/// The one finding of `rule` on `text`.
Finding only_finding(const std::string& text, const std::string& rule) {
  const Report r = test::check_only(text, {rule});
  BOOST_TEST_REQUIRE(r.findings.size() == 1U, rule << " gave " << r.findings.size() << " findings");
  return r.findings.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(governance)

BOOST_AUTO_TEST_CASE(fixes_add_missing_fields_where_the_object_lacks_them) {
  const Finding ro = only_finding(kBarePod, "root-filesystem-writable");
  BOOST_TEST_REQUIRE(ro.fix.size() == 1U);
  BOOST_TEST(ro.fix[0].op == "add");
  BOOST_TEST(ro.fix[0].path == "/spec/containers/0/securityContext/readOnlyRootFilesystem");
  BOOST_TEST(ro.fix[0].value == "true");

  const Finding caps = only_finding(kBarePod, "capabilities-not-dropped");
  BOOST_TEST_REQUIRE(caps.fix.size() == 3U);
  BOOST_TEST(caps.fix[0].path == "/spec/containers/0/securityContext/capabilities");
  BOOST_TEST(caps.fix[0].value == "{}");
  BOOST_TEST(caps.fix[1].path == "/spec/containers/0/securityContext/capabilities/drop");
  BOOST_TEST(caps.fix[1].value == "[]");
  BOOST_TEST(caps.fix[2].path == "/spec/containers/0/securityContext/capabilities/drop/-");
  BOOST_TEST(caps.fix[2].value == R"("ALL")");

  // An existing capabilities.add is kept: only the missing drop list is added.
  const Finding keep = only_finding(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: app:1\n"
      "      securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}\n",
      "capabilities-not-dropped");
  BOOST_TEST_REQUIRE(keep.fix.size() == 2U);
  BOOST_TEST(keep.fix[0].op == "add");
  BOOST_TEST(keep.fix[0].path == "/spec/containers/0/securityContext/capabilities/drop");
  BOOST_TEST(keep.fix[0].value == "[]");

  const Finding seccomp = only_finding(kBarePod, "seccomp-profile-missing");
  BOOST_TEST_REQUIRE(seccomp.fix.size() == 1U);
  BOOST_TEST(seccomp.fix[0].op == "add");
  BOOST_TEST(seccomp.fix[0].path == "/spec/containers/0/securityContext/seccompProfile");
  BOOST_TEST(seccomp.fix[0].value == R"({"type":"RuntimeDefault"})");

  const Finding escalation = only_finding(kBarePod, "privilege-escalation-allowed");
  BOOST_TEST_REQUIRE(escalation.fix.size() == 1U);
  BOOST_TEST(escalation.fix[0].path == "/spec/containers/0/securityContext/allowPrivilegeEscalation");
  BOOST_TEST(escalation.fix[0].value == "false");

  const Finding token = only_finding(kBarePod, "service-account-token-mounted");
  BOOST_TEST_REQUIRE(token.fix.size() == 1U);
  BOOST_TEST(token.fix[0].op == "add");
  BOOST_TEST(token.fix[0].path == "/spec/automountServiceAccountToken");
  BOOST_TEST(token.fix[0].value == "false");

  // No securityContext at all: an empty mapping, then the field, so that the fixes of other
  // rules that add their own keys to it keep each other's.
  const Finding root = only_finding(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n"
      "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
      "      containers: [{name: c, image: \"app:1\"}]\n",
      "run-as-root");
  BOOST_TEST_REQUIRE(root.fix.size() == 2U);
  BOOST_TEST(root.fix[0].path == "/spec/template/spec/containers/0/securityContext");
  BOOST_TEST(root.fix[0].value == "{}");
  BOOST_TEST(root.fix[1].path == "/spec/template/spec/containers/0/securityContext/runAsNonRoot");
  BOOST_TEST(root.fix[1].value == "true");
}

BOOST_AUTO_TEST_CASE(fixes_append_to_existing_lists) {
  const Finding caps = only_finding(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: app:1\n"
      "      securityContext: {capabilities: {drop: [NET_RAW]}}\n",
      "capabilities-not-dropped");
  BOOST_TEST_REQUIRE(caps.fix.size() == 1U);
  BOOST_TEST(caps.fix[0].op == "add");
  BOOST_TEST(caps.fix[0].path == "/spec/containers/0/securityContext/capabilities/drop/-");
  BOOST_TEST(caps.fix[0].value == "\"ALL\"");

  const Finding metadata = only_finding(
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector: {}\n"
      "  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]\n",
      "metadata-api-reachable");
  BOOST_TEST_REQUIRE(metadata.fix.size() == 1U);
  BOOST_TEST(metadata.fix[0].path == "/spec/egress/0/to/0/ipBlock/except/-");
  BOOST_TEST(metadata.fix[0].value == "\"169.254.169.254/32\"");

  const Finding host = only_finding(
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n"
      "    - host: Shop.Example.com\n",
      "ingress-host-invalid");
  BOOST_TEST_REQUIRE(host.fix.size() == 1U);
  BOOST_TEST(host.fix[0].op == "replace");
  BOOST_TEST(host.fix[0].path == "/spec/rules/0/host");
  BOOST_TEST(host.fix[0].value == "\"shop.example.com\"");
}

BOOST_AUTO_TEST_CASE(image_registry_allow_list_is_off_until_configured) {
  const std::string pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: \"quay.io/x/app:1\"}]\n";
  BOOST_TEST(test::check_only(pod, {"image-registry-not-allowed"}).findings.empty());
  const Config config =
      Config::parse("rules:\n  image-registry-not-allowed:\n    options:\n      allowed: [ghcr.io]\n");
  const Report r = test::check_only(pod, {"image-registry-not-allowed"}, config);
  BOOST_TEST_REQUIRE(r.findings.size() == 1U);
  BOOST_TEST(r.findings[0].message.find("from quay.io") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ingress_host_conflicts_span_files_and_name_each_other) {
  auto ingress = [](const std::string& name) {
    return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: " + name +
           "}\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n"
           "          - path: /\n            pathType: Prefix\n"
           "            backend: {service: {name: web, port: {number: 80}}}\n";
  };
  Config config;
  config.only = {"ingress-host-conflict"};
  Engine engine(config);
  engine.set_jobs(1);
  const Report r = engine.check_texts(
      {{"a.yaml", ingress("first"), InputFormat::yaml}, {"b.yaml", ingress("second"), InputFormat::yaml}});
  BOOST_TEST_REQUIRE(r.findings.size() == 2U);
  const Finding& a = r.findings[0].file == "a.yaml" ? r.findings[0] : r.findings[1];
  const Finding& b = r.findings[0].file == "a.yaml" ? r.findings[1] : r.findings[0];
  BOOST_TEST(a.line == 9U);
  BOOST_TEST(b.line == 9U);
  BOOST_TEST(a.message.find("also claimed by Ingress default/second at b.yaml:9") != std::string::npos, a.message);
  BOOST_TEST(b.message.find("already claimed by Ingress default/first at a.yaml:9") != std::string::npos, b.message);
}

BOOST_AUTO_TEST_SUITE_END()
