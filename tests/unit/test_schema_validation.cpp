// Schema validation through the engine: schema-invalid and field-unknown from one walk.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace shipshape;

namespace {

std::vector<std::string> messages(const Report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.rule + ": " + f.message);
  return out;
}

Report validate(const std::string& yaml, Config config = {}) {
  return test::check_only(yaml, {"schema-invalid", "field-unknown"}, std::move(config));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema_validation)

BOOST_AUTO_TEST_CASE(one_walk_reports_types_enums_unknown_fields_and_keys) {
  const Report r = validate(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: always
          livenessprobe:
            httpGet: {path: /, port: 8080}
          ports:
            - {containerPort: 8080}
            - {containerPort: 8080, protocol: TCP}
            - {containerPort: 8080, protocol: UDP}
)");
  const std::vector<std::string> expected{
      "schema-invalid: spec.replicas must be an integer, not a string (\"three\")",
      "schema-invalid: spec.template.spec.containers[0].imagePullPolicy must be one of Always, IfNotPresent, Never, "
      "not \"always\" (the values are case-sensitive: Always)",
      "field-unknown: spec.template.spec.containers[0].livenessprobe is not a field of Container; did you mean "
      "livenessProbe",
      "schema-invalid: spec.template.spec.containers[0].ports[1] repeats the containerPort and protocol of ports[0] "
      "(8080/TCP); list items are merged by containerPort and protocol",
  };
  BOOST_TEST(messages(r) == expected, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(r.findings.size(), 4U);
  BOOST_TEST(r.findings[0].line == 6U);
  BOOST_TEST(r.findings[0].column == 13U);
  BOOST_TEST(r.findings[0].path == "spec.replicas");
  BOOST_TEST(r.findings[2].line == 17U);  // the misspelt key itself
  BOOST_TEST(r.findings[2].column == 11U);
  BOOST_TEST(r.findings[3].line == 21U);
}

BOOST_AUTO_TEST_CASE(target_version_decides) {
  // grpc probes arrived in 1.24 (the field is unknown before).
  const std::string pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
      "    - name: c\n      image: i\n      readinessProbe:\n        grpc: {port: 9000}\n";
  Config old;
  old.kubernetes_version = {1, 22};
  BOOST_TEST(test::rule_ids(validate(pod, old)) == (std::vector<std::string>{"schema-invalid", "field-unknown"}));
  BOOST_TEST(validate(pod).findings.empty());
}

BOOST_AUTO_TEST_CASE(custom_resources_use_definitions_of_the_run) {
  const Report r = validate(R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: integer, minimum: 1}
                mode: {type: string, enum: [fast, slow]}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: a}
spec:
  size: 0
  mode: quick
  colour: red
  extra: {anything: [1, 2]}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: b}
spec: {mode: fast}
---
apiVersion: other.example.com/v1
kind: Gadget
metadata: {name: c}
spec: {whatever: true}
)");
  const std::vector<std::string> expected{
      "schema-invalid: spec.size 0 is below the minimum of 1",
      "schema-invalid: spec.mode must be one of fast, slow, not \"quick\"",
      "field-unknown: spec.colour is not a known field",
      "schema-invalid: spec.size is required",
  };
  BOOST_TEST(messages(r) == expected, boost::test_tools::per_element());
  BOOST_TEST(r.summary.objects_without_schema == 1U);  // the Gadget
}

BOOST_AUTO_TEST_CASE(an_invalid_object_is_still_checked_by_every_rule) {
  const std::string yaml = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:1.27
)";
  const Report r = test::check_only(yaml, {"schema-invalid", "host-network"});
  BOOST_TEST(test::rule_ids(r) == (std::vector<std::string>{"schema-invalid", "host-network"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fragments_are_reported_once_and_checked_for_the_values_they_set) {
  const std::string patch = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
)";
  const Report r = test::check_only(patch, {"schema-invalid", "field-unknown", "host-network", "privileged-container",
                                            "image-tag-mutable", "liveness-probe-missing", "memory-limit-missing",
                                            "run-as-root", "recommended-labels-missing", "pdb-missing"});
  // The patch lacks its selector and template labels: one finding. Values it sets are judged;
  // what it leaves to its base (probes, limits, a non-root user, labels) is not.
  BOOST_TEST(test::rule_ids(r) == (std::vector<std::string>{"schema-invalid", "host-network", "image-tag-mutable",
                                                            "privileged-container"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.findings[0].message.find("Deployment has no pod template labels") == 0U);
}

BOOST_AUTO_TEST_CASE(paths_and_positions_of_wrong_types) {
  const Report r = validate(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {version: 1.0, ok: \"1\"}\n"
      "spec:\n  replicas: \"3\"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: "
      "web}}\n    spec:\n      containers:\n        - name: web\n"
      "          image: x\n          env:\n            - {name: A, value: 8080}\n            - {name: B, value: yes}\n"
      "          ports: [{containerPort: http}]\n");
  const std::vector<std::string> expected{
      "schema-invalid: metadata.labels.version must be a string, not a number (quote it: \"1.0\")",
      "schema-invalid: spec.replicas must be an integer, not a string (\"3\")",
      "schema-invalid: spec.template.spec.containers[0].env[0].value must be a string, not an integer (quote it: "
      "\"8080\")",
      "schema-invalid: spec.template.spec.containers[0].env[1].value must be a string, not a boolean (quote it: "
      "\"yes\")",
      "schema-invalid: spec.template.spec.containers[0].ports[0].containerPort must be an integer, not a string "
      "(\"http\")",
  };
  BOOST_TEST(messages(r) == expected, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(r.findings.size(), 5U);
  BOOST_TEST(r.findings[1].path == "spec.replicas");
  BOOST_TEST(r.findings[0].object.name == "web");
}

BOOST_AUTO_TEST_CASE(custom_resources_from_a_schema_directory) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "shipshape-schema-dir-test";
  fs::create_directories(dir / "example.com");
  {
    std::ofstream f(dir / "example.com" / "widget_v1.json");
    f << R"({"type": "object", "properties": {"spec": {"type": "object", "additionalProperties": false,
             "properties": {"size": {"type": "integer"}}}}})";
  }
  {
    std::ofstream f(dir / "example.com" / "broken_v1.json");
    f << "{not json";
  }
  Config config;
  config.schema_directories = {(dir / "missing").string(), dir.string()};
  const Report r = validate(
      "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a}\nspec: {size: big, colour: red}\n---\n"
      "apiVersion: example.com/v1\nkind: Broken\nmetadata: {name: b}\n",
      config);
  const std::vector<std::string> expected{
      "schema-invalid: spec.size must be an integer, not a string (\"big\")",
      "field-unknown: spec.colour is not a known field",
  };
  BOOST_TEST(messages(r) == expected, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(r.errors.size(), 1U);
  BOOST_TEST(r.errors[0].message.find("not a usable JSON Schema") == 0U);
  BOOST_TEST(r.summary.objects_without_schema == 1U);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
