// Configuration files: keys, shorthands, errors with file and line, discovery.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace shipshape;

namespace {

std::string config_error(const std::string& yaml) {
  try {
    Engine engine(Config::parse(yaml, "cfg.yaml"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(full_configuration) {
  const Config c = Config::parse(R"(namespace: shop
kubernetesVersion: "1.29"
rules:
  liveness-probe-missing: off
  cpu-limit-set: on
  readiness-probe-missing: error
  cpu-request-too-high:
    severity: warning
    options: {threshold: 2500m}
customResources:
  - apiVersion: example.com/v1
    kind: Worker
    podTemplate: spec.pod
exemptions:
  - rules: [memory-limit-missing]
    kind: DaemonSet
    namespace: kube-*
    reason: node agents
)");
  BOOST_TEST(c.default_namespace == "shop");
  BOOST_TEST(c.kubernetes_version.minor == 29);
  BOOST_TEST(c.rules.at("liveness-probe-missing").enabled.value() == false);
  BOOST_TEST(c.rules.at("cpu-limit-set").enabled.value() == true);
  BOOST_TEST((c.rules.at("readiness-probe-missing").severity.value() == Severity::error));
  BOOST_TEST(c.custom_workloads.at(0).group == "example.com");
  BOOST_TEST(c.custom_workloads.at(0).template_path == "spec.pod");
  BOOST_TEST(c.exemptions.at(0).ns == "kube-*");

  Engine engine(c);
  std::vector<std::string> enabled;
  for (const RuleInfo* r : engine.enabled_rules()) enabled.push_back(r->id);
  BOOST_TEST(std::count(enabled.begin(), enabled.end(), "cpu-limit-set") == 1);
  BOOST_TEST(std::count(enabled.begin(), enabled.end(), "liveness-probe-missing") == 0);
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_line) {
  BOOST_TEST(config_error("rules:\n  liveness-probe-mising: off\n") ==
             "cfg.yaml:2:3: unknown rule \"liveness-probe-mising\"; did you mean \"liveness-probe-missing\"?");
  BOOST_TEST(config_error("namespace: a\nrulez: {}\n") ==
             "cfg.yaml:2:1: unknown key \"rulez\" in the configuration (known: namespace, kubernetesVersion, "
             "maxInputSize, parser, rules, customResources, exemptions, schemaDirectories, applicationScope, "
             "applicationMarkers, applicationRoots)");
  BOOST_TEST(config_error("rules:\n  cpu-request-too-high:\n    options: {treshold: 2}\n") ==
             "cfg.yaml:3:15: rule cpu-request-too-high has no option \"treshold\" (known: threshold)");
  BOOST_TEST(config_error("rules:\n  cpu-request-too-high:\n    options:\n      threshold: lots\n") ==
             "cfg.yaml:4:18: option threshold of rule cpu-request-too-high must be a quantity such as 500m or 1Gi");
  BOOST_TEST(config_error("rules:\n  cpu-limit-set:\n    severity: fatal\n") ==
             "cfg.yaml:3:15: rule cpu-limit-set: severity must be error, warning or info, not \"fatal\"");
  BOOST_TEST(config_error("kubernetesVersion: latest\n") ==
             "cfg.yaml:1:20: kubernetesVersion \"latest\" is not a version such as 1.31");
  BOOST_TEST(config_error("rules: [a]\n").find("cfg.yaml:1:8: rules must be a mapping") == 0);
  BOOST_TEST(config_error("rules:\n  a: [\n").find("cfg.yaml:") == 0);
}

BOOST_AUTO_TEST_CASE(application_keys) {
  const Config defaults = Config::parse("namespace: a\n", "cfg.yaml");
  BOOST_TEST((defaults.application_scope == ApplicationScope::directory));
  BOOST_TEST(defaults.application_markers == default_application_markers());
  const Config c = Config::parse(
      "applicationScope: run\napplicationMarkers: [app.yaml]\napplicationRoots: ['samples/*']\n", "dir/cfg.yaml");
  BOOST_TEST((c.application_scope == ApplicationScope::run));
  BOOST_TEST(c.application_markers == std::vector<std::string>{"app.yaml"});
  BOOST_TEST(c.application_roots == std::vector<std::string>{"samples/*"});
  BOOST_TEST(c.application_roots_base == "dir");
  BOOST_TEST(config_error("applicationScope: everywhere\n") ==
             "cfg.yaml:1:19: applicationScope must be directory or run, not \"everywhere\"");
  BOOST_TEST(config_error("applicationMarkers: [a/b]\n") ==
             "cfg.yaml:1:21: applicationMarkers: \"a/b\" is not a file name");
  BOOST_TEST(config_error("applicationRoots: [/abs]\n") ==
             "cfg.yaml:1:19: applicationRoots: \"/abs\" is not a relative pattern");
}

BOOST_AUTO_TEST_CASE(cli_style_overrides) {
  Config c;
  c.enable = {"cpu-limit-set"};
  c.disable = {"liveness-probe-missing"};
  Engine engine(c);
  bool limit = false;
  bool liveness = false;
  for (const RuleInfo* r : engine.enabled_rules()) {
    limit = limit || r->id == "cpu-limit-set";
    liveness = liveness || r->id == "liveness-probe-missing";
  }
  BOOST_TEST(limit);
  BOOST_TEST(!liveness);
  Config bad;
  bad.enable = {"nope"};
  BOOST_CHECK_THROW(Engine{bad}, ConfigError);
}

BOOST_AUTO_TEST_CASE(kubernetes_versions) {
  BOOST_TEST(KubernetesVersion::parse("1.31").value().minor == 31);
  BOOST_TEST(KubernetesVersion::parse("v1.28.3").value().minor == 28);
  BOOST_TEST(!KubernetesVersion::parse("2.0").has_value());
  BOOST_TEST(!KubernetesVersion::parse("1").has_value());
  BOOST_TEST(!KubernetesVersion::parse("1.x").has_value());
  BOOST_TEST(!KubernetesVersion::parse("1.31.").has_value());
}

BOOST_AUTO_TEST_CASE(discovery_walks_up) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "shipshape-discovery-test";
  fs::remove_all(root);
  fs::create_directories(root / "a" / "b");
  std::ofstream(root / ".shipshape.yaml") << "namespace: found\n";
  const auto found = Config::discover((root / "a" / "b").string());
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(Config::load(*found).default_namespace == "found");
  fs::remove_all(root);
}

BOOST_AUTO_TEST_CASE(unreadable_config) { BOOST_CHECK_THROW(Config::load("/nonexistent/shipshape.yaml"), ConfigError); }

BOOST_AUTO_TEST_SUITE_END()
