// Report writers: text, JSON (round-tripped through RapidJSON), SARIF, JUnit.
#include <boost/test/unit_test.hpp>

#include <rapidjson/document.h>

#include <sstream>

#include "helpers.hpp"

using namespace shipshape;

namespace {

Report sample() {
  Report r;
  Finding f;
  f.rule = "cpu-limit-set";
  f.severity = Severity::info;
  f.message = "container \"web\" sets a CPU limit of 500m";
  f.object = {"apps/v1", "Deployment", "shop", "web"};
  f.file = "deploy/app.yaml";
  f.line = 21;
  f.column = 15;
  f.document = 2;
  f.path = "spec.template.spec.containers[0].resources.limits.cpu";
  f.helm_source = "chart/templates/deployment.yaml";
  f.fix = {{"remove", "/spec/template/spec/containers/0/resources/limits/cpu", ""}};
  r.findings.push_back(f);
  Finding g;
  g.rule = "yaml-syntax";
  g.severity = Severity::error;
  g.message = "end of map not found";
  g.file = "deploy/broken yaml.yaml";
  g.line = 3;
  g.column = 1;
  r.findings.push_back(g);
  r.errors.push_back({"missing.yaml", "no such file or directory"});
  r.summary.files = 2;
  r.summary.objects = 1;
  r.summary.documents = 3;
  r.summary.by_severity = {1, 0, 1};
  RuleInfo info;
  info.id = "cpu-limit-set";
  info.summary = "s";
  r.rules.push_back(info);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(text_lines) {
  std::ostringstream out;
  write_text(sample(), out, {});
  const std::string text = out.str();
  BOOST_TEST(text.find("deploy/app.yaml:21:15: info [cpu-limit-set] Deployment shop/web: container \"web\" sets a CPU "
                       "limit of 500m (from chart/templates/deployment.yaml)\n") == 0U);
  BOOST_TEST(text.find("\ndeploy/broken yaml.yaml:3:1: error [yaml-syntax] end of map not found\n") !=
             std::string::npos);
  BOOST_TEST(text.find("missing.yaml: error no such file or directory") != std::string::npos);
  BOOST_TEST(text.find("Checked 1 object in 2 files: 1 error, 0 warnings, 1 info") != std::string::npos);
  BOOST_TEST(text.find('\x1b') == std::string::npos);
  std::ostringstream colored;
  write_text(sample(), colored, {.color = true});
  BOOST_TEST(colored.str().find("\x1b[1;31merror") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_round_trip) {
  std::ostringstream out;
  write_json(sample(), out);
  rapidjson::Document doc;
  doc.Parse(out.str().c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  BOOST_TEST(doc["schemaVersion"].GetInt() == kJsonSchemaVersion);
  BOOST_TEST(doc["summary"]["findings"].GetUint() == 2U);
  BOOST_TEST(doc["summary"]["error"].GetUint() == 1U);
  const auto& f = doc["findings"][0];
  BOOST_TEST(std::string(f["rule"].GetString()) == "cpu-limit-set");
  BOOST_TEST(std::string(f["severity"].GetString()) == "info");
  BOOST_TEST(f["line"].GetUint() == 21U);
  BOOST_TEST(f["column"].GetUint() == 15U);
  BOOST_TEST(f["document"].GetUint() == 2U);
  BOOST_TEST(std::string(f["object"]["namespace"].GetString()) == "shop");
  BOOST_TEST(std::string(f["helmSource"].GetString()) == "chart/templates/deployment.yaml");
  BOOST_TEST(std::string(f["fix"][0]["op"].GetString()) == "remove");
  BOOST_TEST(!f["fix"][0].HasMember("value"));
  const auto& g = doc["findings"][1];
  BOOST_TEST(g["object"].IsNull());
  BOOST_TEST(g["path"].IsNull());
  BOOST_TEST(g["fix"].IsNull());
  BOOST_TEST(std::string(doc["errors"][0]["path"].GetString()) == "missing.yaml");
}

BOOST_AUTO_TEST_CASE(fix_values_are_embedded_as_json) {
  Finding f;
  f.rule = "x";
  f.fix = {{"add", "/a", "{\"b\":true}"}};
  rapidjson::Document doc;
  doc.Parse(finding_to_json(f).c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  BOOST_TEST(doc["fix"][0]["value"]["b"].GetBool());
}

BOOST_AUTO_TEST_CASE(sarif_structure) {
  std::ostringstream out;
  write_sarif(sample(), out);
  rapidjson::Document doc;
  doc.Parse(out.str().c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  BOOST_TEST(std::string(doc["version"].GetString()) == "2.1.0");
  const auto& run = doc["runs"][0];
  BOOST_TEST(std::string(run["tool"]["driver"]["rules"][0]["id"].GetString()) == "cpu-limit-set");
  const auto& result = run["results"][0];
  BOOST_TEST(std::string(result["level"].GetString()) == "note");
  BOOST_TEST(result["ruleIndex"].GetUint() == 0U);
  // Rendered by Helm: located in the chart template, the rendered position related.
  const auto& loc = result["locations"][0]["physicalLocation"];
  BOOST_TEST(std::string(loc["artifactLocation"]["uri"].GetString()) == "chart/templates/deployment.yaml");
  BOOST_TEST(loc["region"]["startLine"].GetUint() == 1U);
  const auto& rendered = result["relatedLocations"][0]["physicalLocation"];
  BOOST_TEST(std::string(rendered["artifactLocation"]["uri"].GetString()) == "deploy/app.yaml");
  BOOST_TEST(rendered["region"]["startLine"].GetUint() == 21U);
  BOOST_TEST(
      std::string(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].GetString()) ==
      "deploy/broken%20yaml.yaml");
  BOOST_TEST(!run["invocations"][0]["executionSuccessful"].GetBool());
}

BOOST_AUTO_TEST_CASE(junit_structure) {
  std::ostringstream out;
  write_junit(sample(), out);
  const std::string xml = out.str();
  BOOST_TEST(xml.find("<testsuites name=\"shipshape\" tests=\"2\" failures=\"2\" errors=\"1\" time=\"0.000\">") !=
             std::string::npos);
  BOOST_TEST(xml.find("<testsuite name=\"cpu-limit-set\" tests=\"1\" failures=\"1\" time=\"0\">") != std::string::npos);
  BOOST_TEST(xml.find("container &quot;web&quot;") != std::string::npos);
  BOOST_TEST(xml.find("<error message=\"no such file or directory\"/>") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
