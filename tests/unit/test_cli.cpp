// The command line: commands, options, outputs and exit codes.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <rapidjson/document.h>

#include "cli_helpers.hpp"

namespace {

using shipshape::test::Result;
using shipshape::test::run;
using shipshape::test::TempDir;

const char* kPod =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: i:1\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(version_and_help) {
  auto v = run({"--version"});
  BOOST_TEST(v.code == 0);
  BOOST_TEST(v.out.find("shipshape 0.") == 0U);
  BOOST_TEST(run({"--help"}).out.find("Usage:") != std::string::npos);
  BOOST_TEST(run({}).code == 2);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"frobnicate"},
                                               {"check", "--format", "xml"},
                                               {"check", "--fail-on", "fatal"},
                                               {"check", "--bogus"},
                                               {"check", "--format"},
                                               {"check", "--jobs", "0"},
                                               {"explain"},
                                               {"check", "--enable", "no-such-rule"},
                                               {"check", "--kubernetes-version", "banana"}}) {
    const auto r = run(args);
    BOOST_CHECK_MESSAGE(r.code == 2, "args: " << args.size());
    BOOST_TEST(!r.err.empty());
  }
}

BOOST_AUTO_TEST_CASE(check_exit_codes_follow_fail_on) {
  TempDir dir;
  const std::string pod = dir.write("pod.yaml", kPod);
  BOOST_TEST(run({"check", "--no-config", pod}).code == 0);  // warnings only
  BOOST_TEST(run({"check", "--no-config", "--fail-on", "warning", pod}).code == 1);
  BOOST_TEST(run({"check", "--no-config", "--fail-on=info", pod}).code == 1);
  BOOST_TEST(run({"check", "--no-config", "--fail-on", "never", "--enable", "cpu-limit-set", pod}).code == 0);
  const std::string bad = dir.write("bad.yaml", "a: [\n");
  BOOST_TEST(run({"check", "--no-config", bad}).code == 1);
  const auto missing = run({"check", "--no-config", pod, (dir.path / "nope.yaml").string()});
  BOOST_TEST(missing.code == 2);
  BOOST_TEST(missing.out.find("pod.yaml:6:7: warning [liveness-probe-missing]") != std::string::npos);
  BOOST_TEST(missing.out.find("nope.yaml: error No such file or directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_output_to_a_file) {
  TempDir dir;
  const std::string pod = dir.write("pod.yaml", kPod);
  const std::string out = (dir.path / "report.json").string();
  const auto r = run({"check", "--no-config", "-f", "json", "-o", out, "--only", "liveness-probe-missing", pod});
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.out.empty());
  std::ifstream in(out);
  std::stringstream buffer;
  buffer << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(buffer.str().c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  BOOST_TEST(doc["findings"].Size() == 1U);
  BOOST_TEST(doc["summary"]["rulesRun"].GetUint() == 1U);
  BOOST_TEST(std::string(doc["findings"][0]["path"].GetString()) == "spec.containers[0].livenessProbe");
}

BOOST_AUTO_TEST_CASE(config_errors_exit_2_with_location) {
  TempDir dir;
  const std::string cfg = dir.write("cfg.yaml", "rules:\n  nope: off\n");
  const std::string pod = dir.write("pod.yaml", kPod);
  const auto r = run({"check", "--config", cfg, pod});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("cfg.yaml:2:3: unknown rule \"nope\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(namespace_option) {
  TempDir dir;
  const std::string pod = dir.write("pod.yaml", kPod);
  const auto r = run({"check", "--no-config", "-n", "team-a", "--only", "liveness-probe-missing", pod});
  BOOST_TEST(r.out.find("Pod team-a/p:") != std::string::npos);
  const auto attached =
      run({"check", "--no-config", "-nteam-b", "-j1", "-fjson", "--only=liveness-probe-missing", pod});
  BOOST_TEST(attached.code == 0);
  BOOST_TEST(attached.out.find("\"namespace\": \"team-b\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quiet_prints_nothing_when_clean) {
  TempDir dir;
  // The recommended labels keep recommended-labels-missing quiet: the object is clean.
  const std::string cm = dir.write("cm.yaml",
                                   "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: "
                                   "{app.kubernetes.io/name: c, app.kubernetes.io/instance: c, "
                                   "app.kubernetes.io/version: \"1\", app.kubernetes.io/component: c, "
                                   "app.kubernetes.io/part-of: c, app.kubernetes.io/managed-by: c}\n");
  const auto r = run({"check", "--no-config", "-q", cm});
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(run({"check", "--no-config", cm}).out.find("Checked 1 object in 1 file: no findings") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(rules_and_explain) {
  const auto json = run({"rules", "--format", "json"});
  BOOST_TEST(json.code == 0);
  rapidjson::Document doc;
  doc.Parse(json.out.c_str());
  BOOST_REQUIRE(!doc.HasParseError());
  BOOST_TEST(doc["rules"].Size() > 10U);
  BOOST_TEST(run({"rules", "--format", "markdown"}).out.find("[`liveness-probe-missing`]") != std::string::npos);
  const auto explain = run({"explain", "cpu-request-too-high"});
  BOOST_TEST(explain.code == 0);
  BOOST_TEST(explain.out.find("threshold") != std::string::npos);
  const auto unknown = run({"explain", "cpu-request-to-high"});
  BOOST_TEST(unknown.code == 2);
  BOOST_TEST(unknown.err.find("did you mean \"cpu-request-too-high\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(input_files_are_never_modified) {
  TempDir dir;
  const std::string pod = dir.write("pod.yaml", kPod);
  const auto before = std::filesystem::last_write_time(pod);
  run({"check", "--no-config", "-f", "sarif", pod});
  std::ifstream in(pod);
  std::stringstream buffer;
  buffer << in.rdbuf();
  BOOST_TEST(buffer.str() == kPod);
  BOOST_TEST((std::filesystem::last_write_time(pod) == before));
}

BOOST_AUTO_TEST_SUITE_END()
