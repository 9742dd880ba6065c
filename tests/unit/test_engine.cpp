// The engine end to end: ordering, determinism, suppression, severities, custom rules.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "helpers.hpp"

using namespace shipshape;

namespace {

const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
)";

const char* kService = R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
)";

/// A custom rule as an embedding tool would write it: flags ConfigMaps without data.
class EmptyConfigMap final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo info{.id = "configmap-empty",
                               .section = "Custom",
                               .group = "Custom",
                               .severity = Severity::info,
                               .summary = "A ConfigMap holds no data."};
    return info;
  }
  Scope scope() const override { return Scope::kinds({{"", "ConfigMap"}}); }
  void check(const Resource& r, Context& ctx) const override {
    if (r.root()["data"].empty()) ctx.report(r, r.metadata(), FieldPath().key("data"), "the ConfigMap holds no data");
  }
};

class Throwing final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo info{.id = "always-throws", .section = "Custom", .group = "Custom"};
    return info;
  }
  Scope scope() const override { return Scope::everything(); }
  void check(const Resource&, Context&) const override { throw std::runtime_error("boom"); }
};

/// Reports every object it is handed, under the id and scope it is given.
class SeesAll final : public Rule {
 public:
  SeesAll(std::string id, Scope scope) : scope_(std::move(scope)) {
    info_.id = std::move(id);
    info_.section = "Custom";
    info_.group = "Custom";
  }
  const RuleInfo& info() const override { return info_; }
  Scope scope() const override { return scope_; }
  void check(const Resource& r, Context& ctx) const override { ctx.report(r, r.root(), {}, r.display()); }

 private:
  RuleInfo info_;
  Scope scope_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(scopes_name_kinds_with_their_api_group) {
  Registry registry;
  registry.add([] {
    return std::make_unique<SeesAll>("ingress-in-groups",
                                     Scope::kinds({{"networking.k8s.io", "Ingress"}, {"extensions", "Ingress"}}));
  });
  registry.add([] { return std::make_unique<SeesAll>("ingress-any-group", Scope::kinds_in_any_group({"Ingress"})); });
  registry.add([] { return std::make_unique<SeesAll>("core-service", Scope::kinds({{"", "Service"}})); });
  registry.add([] {
    // A kind named with its group and in any group, and a workload kind beside every workload:
    // the rule still sees each object once.
    return std::make_unique<SeesAll>(
        "overlapping",
        Scope::workloads().with_kinds({{"apps", "Deployment"}, {"", "Service"}}).with_kinds_in_any_group({"Service"}));
  });
  Engine engine({}, registry);
  engine.set_jobs(1);
  const Report r =
      engine.check_texts({{"mixed.yaml",
                           "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\n---\n"
                           "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: b}\n---\n"
                           "apiVersion: example.com/v1\nkind: Ingress\nmetadata: {name: c}\n---\n"
                           "apiVersion: v1\nkind: Service\nmetadata: {name: d}\n---\n"
                           "apiVersion: example.com/v1\nkind: Service\nmetadata: {name: e}\n---\n"
                           "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: f}\nspec:\n"
                           "  selector: {matchLabels: {app: f}}\n  template:\n"
                           "    metadata: {labels: {app: f}}\n    spec: {containers: [{name: c, image: i}]}\n",
                           InputFormat::yaml}});
  std::vector<std::string> seen;
  for (const Finding& f : r.findings) seen.push_back(f.rule + " " + f.message);
  const std::vector<std::string> expected{
      "ingress-any-group Ingress default/a", "ingress-in-groups Ingress default/a",
      "ingress-any-group Ingress default/b", "ingress-in-groups Ingress default/b",
      "ingress-any-group Ingress default/c", "core-service Service default/d",
      "overlapping Service default/d",       "overlapping Service default/e",
      "overlapping Deployment default/f",
  };
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cross_file_service_raises_readiness_severity) {
  Config config;
  config.only = {"readiness-probe-missing"};
  Engine engine(config);
  const Report alone = engine.check_texts({{"deploy.yaml", kDeployment, InputFormat::yaml}});
  BOOST_REQUIRE_EQUAL(alone.findings.size(), 1U);
  BOOST_TEST((alone.findings[0].severity == Severity::warning));
  const Report both = engine.check_texts(
      {{"deploy.yaml", kDeployment, InputFormat::yaml}, {"service.yaml", kService, InputFormat::yaml}});
  BOOST_REQUIRE_EQUAL(both.findings.size(), 1U);
  const Finding& f = both.findings[0];
  BOOST_TEST((f.severity == Severity::error));
  BOOST_TEST(f.file == "deploy.yaml");
  BOOST_TEST(f.line == 12U);
  BOOST_TEST(f.column == 11U);
  BOOST_TEST(f.path == "spec.template.spec.containers[0].readinessProbe");
  BOOST_TEST(f.object.kind == "Deployment");
  BOOST_TEST(f.object.ns == "default");
  BOOST_TEST(f.object.api_version == "apps/v1");
  BOOST_TEST(f.message.find("Service \"web\"") != std::string::npos);

  // A Service in another namespace does not count.
  std::string other_ns = kService;
  other_ns.replace(other_ns.find("  name: web\n"), 12, "  name: web\n  namespace: other\n");
  const Report elsewhere = engine.check_texts(
      {{"deploy.yaml", kDeployment, InputFormat::yaml}, {"service.yaml", other_ns, InputFormat::yaml}});
  BOOST_REQUIRE_EQUAL(elsewhere.findings.size(), 1U);
  BOOST_TEST((elsewhere.findings[0].severity == Severity::warning));
}

BOOST_AUTO_TEST_CASE(configured_severity_wins_over_the_rules_choice) {
  Config config = Config::parse("rules:\n  readiness-probe-missing: {severity: info}\n");
  config.only = {"readiness-probe-missing"};
  Engine engine(config);
  const Report r =
      engine.check_texts({{"d.yaml", kDeployment, InputFormat::yaml}, {"s.yaml", kService, InputFormat::yaml}});
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  BOOST_TEST((r.findings[0].severity == Severity::info));
}

BOOST_AUTO_TEST_CASE(annotations_and_exemptions_suppress) {
  std::string annotated = kDeployment;
  annotated.replace(annotated.find("  name: web\n"), 12,
                    "  name: web\n  annotations: {shipshape.io/ignore: liveness-probe-missing}\n");
  Config config;
  config.only = {"liveness-probe-missing", "readiness-probe-missing"};
  Engine engine(config);
  const Report r = engine.check_texts({{"d.yaml", annotated, InputFormat::yaml}});
  BOOST_TEST(test::rule_ids(r) == std::vector<std::string>{"readiness-probe-missing"},
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(r.suppressed.size(), 1U);
  BOOST_TEST(r.suppressed[0].rule == "liveness-probe-missing");
  BOOST_TEST(r.summary.suppressed == 1U);

  Config exempt =
      Config::parse("exemptions:\n  - kind: Deploy*\n    name: w?b\n    rules: [readiness-probe-missing]\n");
  exempt.only = config.only;
  const Report e = Engine(exempt).check_texts({{"d.yaml", kDeployment, InputFormat::yaml}});
  BOOST_TEST(test::rule_ids(e) == std::vector<std::string>{"liveness-probe-missing"}, boost::test_tools::per_element());
  BOOST_TEST(e.suppressed.size() == 1U);
}

BOOST_AUTO_TEST_CASE(findings_are_sorted_and_identical_whatever_the_threads) {
  // Enough objects in one stream to be split into several parse tasks.
  std::string big;
  for (int i = 0; i < 6000; ++i) {
    big += fmt::format(
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{0}\n  namespace: ns-{1}\n"
        "spec:\n  selector: {{matchLabels: {{app: app-{0}}}}}\n  template:\n    metadata:\n      labels: {{app: "
        "app-{0}}}\n    spec:\n      containers:\n"
        "        - name: c\n          image: registry.example.com/app:{0}\n"
        "          resources: {{requests: {{cpu: {2}}}}}\n",
        i, i % 7, i % 50 == 0 ? "\"2\"" : "100m");
  }
  BOOST_REQUIRE_GT(big.size(), 1U << 20);
  auto run = [&](unsigned jobs) {
    Engine engine;
    engine.set_jobs(jobs);
    return engine.check_texts({{"big.yaml", big, InputFormat::yaml}, {"small.yaml", kDeployment, InputFormat::yaml}});
  };
  const Report one = run(1);
  const Report two = run(2);
  BOOST_TEST(one.summary.objects == 6001U);
  BOOST_TEST(one.summary.documents == 6001U);
  BOOST_REQUIRE_EQUAL(one.findings.size(), two.findings.size());
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    BOOST_TEST(finding_to_json(one.findings[i]) == finding_to_json(two.findings[i]));
  }
  for (std::size_t i = 1; i < one.findings.size(); ++i) {
    const Finding& a = one.findings[i - 1];
    const Finding& b = one.findings[i];
    const bool ordered =
        a.file != b.file ? a.file == "big.yaml"
                         : (a.line < b.line ||
                            (a.line == b.line && (a.column < b.column || (a.column == b.column && a.rule <= b.rule))));
    BOOST_CHECK_MESSAGE(ordered, "finding " << i << " out of order");
  }
  // Document numbers survive the split: the last object is document 5999.
  std::uint32_t last_document = 0;
  for (const auto& f : one.findings) {
    if (f.file == "big.yaml") last_document = std::max(last_document, f.document);
  }
  BOOST_TEST(last_document == 5999U);
  std::size_t too_high = 0;
  for (const auto& f : one.findings) too_high += f.rule == "cpu-request-too-high" ? 1U : 0U;
  BOOST_TEST(too_high == 120U);
}

BOOST_AUTO_TEST_CASE(custom_rules_run_inside_the_engine) {
  Registry registry = Registry::with_builtin_rules();
  registry.add([] { return std::make_unique<EmptyConfigMap>(); });
  Config config;
  config.only = {"configmap-empty"};
  Engine engine(config, registry);
  const Report r = engine.check_texts(
      {{"cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty\n---\napiVersion: v1\nkind: ConfigMap\n"
        "metadata:\n  name: full\ndata: {a: b}\n",
        InputFormat::yaml}});
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  BOOST_TEST(r.findings[0].rule == "configmap-empty");
  BOOST_TEST(r.findings[0].object.name == "empty");
  BOOST_TEST(r.findings[0].line == 4U);
  BOOST_TEST(r.findings[0].path == "data");
  BOOST_CHECK_THROW(registry.add([] { return std::make_unique<EmptyConfigMap>(); }), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_failing_rule_is_an_error_not_a_crash) {
  Registry registry = Registry::with_builtin_rules();
  registry.add([] { return std::make_unique<Throwing>(); });
  Config config;
  config.only = {"always-throws"};
  const Report r = Engine(config, registry).check_texts({{"d.yaml", kDeployment, InputFormat::yaml}});
  BOOST_REQUIRE_EQUAL(r.errors.size(), 1U);
  BOOST_TEST(r.errors[0].message == "rule always-throws failed on Deployment default/web: boom");
}

BOOST_AUTO_TEST_CASE(unreadable_inputs_are_reported_and_the_rest_is_checked) {
  Config config;
  config.only = {"liveness-probe-missing"};
  const Report r = Engine(config).check_paths({"/nonexistent/file.yaml", SHIPSHAPE_SOURCE_DIR "/examples"});
  BOOST_REQUIRE_GE(r.errors.size(), 1U);
  BOOST_TEST(r.errors[0].path == "/nonexistent/file.yaml");
  BOOST_TEST(r.summary.files > 0U);
}

BOOST_AUTO_TEST_CASE(crd_scope_makes_custom_kinds_cluster_scoped) {
  const std::string text = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: Widget, plural: widgets}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: other}
)";
  Config config;
  config.only = {"duplicate-object"};
  const Report r = Engine(config).check_texts({{"crd.yaml", text, InputFormat::yaml}});
  // Cluster-scoped: the namespace is ignored, so the second Widget duplicates the first.
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  BOOST_TEST(r.findings[0].object.ns.empty());
  BOOST_TEST(r.findings[0].message == "this object is defined more than once; the first definition is at crd.yaml:11");
}

BOOST_AUTO_TEST_CASE(summary_counts) {
  // The ConfigMaps carry the recommended labels so that no rule but yaml-syntax has anything to say.
  const std::string labels =
      "labels: {app.kubernetes.io/name: c, app.kubernetes.io/instance: c, app.kubernetes.io/version: \"1\", "
      "app.kubernetes.io/component: c, app.kubernetes.io/part-of: c, app.kubernetes.io/managed-by: c}";
  const Report r =
      Engine().check_texts({{"mixed.yaml",
                             "replicaCount: 2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, " + labels +
                                 "}\n---\nbroken: [\n---\napiVersion: v1\nkind: ConfigMap\n"
                                 "metadata: {name: b, " +
                                 labels + "}\n",
                             InputFormat::yaml}});
  BOOST_TEST(r.summary.files == 1U);
  BOOST_TEST(r.summary.objects == 2U);
  BOOST_TEST(r.summary.skipped_documents == 1U);
  BOOST_TEST(test::rule_ids(r) == std::vector<std::string>{"yaml-syntax"}, boost::test_tools::per_element());
  // The unclosed `[` is reported in its own document (line 7), not in the ConfigMap after it.
  BOOST_TEST(r.findings[0].line == 7U);
  BOOST_TEST(r.findings[0].document == 2U);
}

BOOST_AUTO_TEST_CASE(controlled_objects_are_counted_and_do_not_repeat_their_owner) {
  const std::string text =
      "apiVersion: v1\nkind: List\nitems:\n"
      "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web, uid: d1}\n"
      "  spec:\n    selector: {matchLabels: {app: web}}\n    template:\n      metadata: {labels: {app: web}}\n"
      "      spec: {containers: [{name: c, image: nginx}]}\n"
      "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-a\n    labels: {app: web}\n"
      "    ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}]\n"
      "  spec: {containers: [{name: c, image: nginx}]}\n"
      "- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n"
      "  spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n";
  const Report r = test::check_only(text, {"image-tag-mutable", "service-port-unknown", "invalid-label"});
  BOOST_TEST(r.summary.objects == 3U);
  BOOST_TEST(r.summary.controlled == 1U);
  // One image finding (the Deployment's), and the Service resolves against the Deployment only.
  BOOST_TEST(test::rule_ids(r) == (std::vector<std::string>{"image-tag-mutable", "service-port-unknown"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.findings[0].object.kind == "Deployment");
  BOOST_TEST(r.findings[1].message.find("(Deployment web)") != std::string::npos);
  std::ostringstream json;
  write_json(r, json);
  BOOST_TEST(json.str().find("\"controlledObjects\": 1,") != std::string::npos);
  std::ostringstream text_out;
  write_text(r, text_out);
  BOOST_TEST(text_out.str().find("(1 object checked through the controller that owns it)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(report_lists_every_object_with_its_labels) {
  const std::string text = std::string(kDeployment) + "---\n" + kService +
                           "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {owner: team-a}\n";
  Engine engine;
  BOOST_TEST(engine.check_texts({{"objects.yaml", text, InputFormat::yaml}}).objects.empty());  // opt-in
  engine.set_collect_objects(true);
  const Report r = engine.check_texts({{"objects.yaml", text, InputFormat::yaml}});
  BOOST_TEST_REQUIRE(r.objects.size() == 3U);
  const ObjectSummary& web = r.objects[0];
  BOOST_TEST(web.ref.kind == "Deployment");
  BOOST_TEST(web.ref.ns == "default");
  BOOST_TEST(web.file == "objects.yaml");
  BOOST_TEST(web.document == 0U);
  BOOST_TEST(web.line == 1U);
  // A workload without labels of its own gets its pod template's.
  BOOST_TEST_REQUIRE(web.labels.size() == 1U);
  BOOST_TEST(web.labels[0].first == "app");
  BOOST_TEST(web.labels[0].second == "web");
  BOOST_TEST(r.objects[1].ref.kind == "Service");
  BOOST_TEST(r.objects[1].labels.empty());
  BOOST_TEST(r.objects[2].ref.ns.empty());
  BOOST_TEST(r.objects[2].document == 2U);
  BOOST_TEST_REQUIRE(r.objects[2].labels.size() == 1U);
  BOOST_TEST(r.objects[2].labels[0].second == "team-a");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(engine_bad_input)

/// An engine that runs only the input rules, so the objects' own style does not matter here.
Engine input_rules_only() {
  Config config;
  config.only = {"yaml-syntax", "manifest-invalid", "duplicate-object"};
  return Engine(config);
}

BOOST_AUTO_TEST_CASE(empty_and_comment_only_inputs) {
  const Report r = input_rules_only().check_texts({{"empty.yaml", "", InputFormat::yaml},
                                                   {"comments.yaml", "# nothing here\n# at all\n", InputFormat::yaml},
                                                   {"separators.yaml", "---\n---\n...\n", InputFormat::yaml},
                                                   {"empty.json", "", InputFormat::json}});
  BOOST_TEST(r.summary.files == 4U);
  BOOST_TEST(r.summary.objects == 0U);
  // An empty .json file is not valid JSON; everything else is simply empty.
  BOOST_TEST(test::rule_ids(r) == std::vector<std::string>{"yaml-syntax"}, boost::test_tools::per_element());
  BOOST_TEST(r.findings[0].file == "empty.json");
}

BOOST_AUTO_TEST_CASE(huge_list_and_huge_scalar) {
  std::string list = "apiVersion: v1\nkind: List\nitems:\n";
  for (int i = 0; i < 50000; ++i) {
    list += fmt::format("  - {{apiVersion: v1, kind: ConfigMap, metadata: {{name: cm-{}}}, data: {{k: v}}}}\n", i);
  }
  std::string scalar = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: \"";
  scalar += std::string(8U << 20, 'x');
  scalar += "\"\n";
  const Report r = input_rules_only().check_texts(
      {{"list.yaml", list, InputFormat::yaml}, {"blob.yaml", scalar, InputFormat::yaml}});
  BOOST_TEST(r.summary.objects == 50001U);
  BOOST_TEST(r.findings.empty());
  BOOST_TEST(r.errors.empty());
}

BOOST_AUTO_TEST_CASE(unreadable_entries_in_a_directory_are_reported) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "shipshape-unreadable-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  { std::ofstream(dir / "ok.yaml") << "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n"; }
  fs::create_symlink(dir / "does-not-exist.yaml", dir / "dangling.yaml");
  const Report r = Engine().check_paths({dir.string()});
  BOOST_TEST(r.summary.objects == 1U);
  BOOST_REQUIRE_EQUAL(r.errors.size(), 1U);
  BOOST_TEST(r.errors[0].path == (dir / "dangling.yaml").string());
  BOOST_TEST(r.errors[0].message == "No such file or directory");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(binary_file_among_good_ones) {
  std::string junk(4096, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 7919) % 256);
  const Report r = input_rules_only().check_texts(
      {{"junk.yaml", junk, InputFormat::yaml},
       {"ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n", InputFormat::yaml}});
  BOOST_TEST(r.summary.objects == 1U);
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  BOOST_TEST(r.findings[0].rule == "yaml-syntax");
  BOOST_TEST(r.findings[0].file == "junk.yaml");
  BOOST_TEST(r.findings[0].message.find("binary") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_mutations_never_crash) {
  // Cheap fuzzing: flip, drop and duplicate bytes of a realistic manifest and check that the
  // engine always returns (findings or not) without throwing.
  const std::string base = std::string(kDeployment) + "---\n" + kService;
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245U + 12345U;
    return seed >> 8;
  };
  Engine engine;
  engine.set_jobs(1);
  for (int round = 0; round < 300; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(next() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = next() % text.size();
      switch (next() % 4) {
        case 0:
          text[at] = static_cast<char>(next() % 128);
          break;
        case 1:
          text.erase(at, 1 + next() % 10);
          break;
        case 2:
          text.insert(at, text.substr(at, std::min<std::size_t>(20, text.size() - at)));
          break;
        default:
          text.insert(at, 1, "[]{}:-&*!|>'\"#%@`"[next() % 17]);
          break;
      }
    }
    BOOST_CHECK_NO_THROW((void)engine.check_texts({{"m.yaml", text, InputFormat::yaml}}));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(engine_duplicates)

BOOST_AUTO_TEST_CASE(duplicate_scope_option) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "shipshape-duplicate-scope";
  fs::remove_all(dir);
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  const std::string cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";
  for (const char* f : {"a/x.yaml", "a/y.yaml", "b/z.yaml"}) std::ofstream(dir / f) << cm;
  auto count = [&](const std::string& scope) {
    Config config = Config::parse("rules:\n  duplicate-object:\n    options: {scope: " + scope + "}\n");
    config.only = {"duplicate-object"};
    return Engine(config).check_paths({dir.string()}).findings.size();
  };
  BOOST_TEST(count("run") == 2U);
  BOOST_TEST(count("directory") == 1U);
  BOOST_TEST(count("file") == 0U);
  BOOST_CHECK_THROW(count("galaxy"), ConfigError);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fixes)

BOOST_AUTO_TEST_CASE(a_fix_adds_missing_fields_with_their_own_path) {
  // spec.replicas is missing: the patch adds it at its own path, not at the document root.
  const Report r = test::check_only(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n"
      "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx}]\n",
      {"replicas-too-few"});
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  BOOST_REQUIRE_EQUAL(r.findings[0].fix.size(), 1U);
  BOOST_TEST(r.findings[0].fix[0].op == "add");
  BOOST_TEST(r.findings[0].fix[0].path == "/spec/replicas");
  BOOST_TEST(r.findings[0].fix[0].value == "2");
}

BOOST_AUTO_TEST_CASE(a_fix_wraps_missing_parents) {
  const Report r = test::check_only(
      "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n---\n"
      "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n"
      "  containers: [{name: web, image: nginx}]\n",
      {"prestop-hook-missing"});
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  // One `add {}` per missing parent, so that other fixes under the same parent compose.
  BOOST_REQUIRE_EQUAL(r.findings[0].fix.size(), 2U);
  BOOST_TEST(r.findings[0].fix[0].path == "/spec/containers/0/lifecycle");
  BOOST_TEST(r.findings[0].fix[0].value == "{}");
  BOOST_TEST(r.findings[0].fix[1].op == "add");
  BOOST_TEST(r.findings[0].fix[1].path == "/spec/containers/0/lifecycle/preStop");
  BOOST_TEST(r.findings[0].fix[1].value == R"({"sleep":{"seconds":5}})");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rule_options)

BOOST_AUTO_TEST_CASE(annotations_over_256_kib_are_invalid) {
  auto config_map = [](std::size_t bytes) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n    a: " +
           std::string(bytes, 'x') + "\n    b: small\n";
  };
  BOOST_TEST(test::check_only(config_map(200 * 1024), {"invalid-label"}).findings.empty());
  const Report r = test::check_only(config_map(256 * 1024), {"invalid-label"});
  BOOST_REQUIRE_EQUAL(r.findings.size(), 1U);
  BOOST_TEST(r.findings[0].line == 5U);
  BOOST_TEST(r.findings[0].message.find("more than the 256 KiB") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(required_labels_do_nothing_until_configured) {
  const Report r = test::check_only(kDeployment, {"required-labels-missing"});
  BOOST_TEST(r.findings.empty());
}

BOOST_AUTO_TEST_CASE(bad_patterns_are_configuration_errors) {
  for (const char* yaml : {"rules:\n  required-labels-missing:\n    options:\n      patterns: [\"team=[a-\"]\n",
                           "rules:\n  required-labels-missing:\n    options:\n      patterns: [no-equals-sign]\n",
                           "rules:\n  secret-literal-in-env:\n    options:\n      sensitive-names: [\"(\"]\n",
                           "rules:\n  replicas-too-few:\n    options:\n      minimum: 0\n"}) {
    BOOST_TEST_CONTEXT(yaml) { BOOST_CHECK_THROW(Engine{Config::parse(yaml)}, ConfigError); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cross_file_rules)

BOOST_AUTO_TEST_CASE(budgets_autoscalers_and_claims_in_other_files_count) {
  const std::string deployment =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 3\n"
      "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
      "      containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]\n"
      "      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n";
  const std::string others =
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\n"
      "spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n---\n"
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\n"
      "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 2, maxReplicas: 5}\n"
      "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop}\n"
      "spec: {accessModes: [ReadWriteOnce]}\n";
  Config config;
  config.only = {"pdb-missing",       "pdb-selects-nothing", "hpa-target-missing", "hpa-metric-without-request",
                 "replicas-with-hpa", "rwo-volume-shared"};
  Engine engine(config);
  engine.set_jobs(2);
  const Report r = engine.check_texts(
      {{"deployment.yaml", deployment, InputFormat::yaml}, {"others.yaml", others, InputFormat::yaml}});
  // Only what needs both files fires: the HPA sees spec.replicas, the claim is shared.
  BOOST_TEST(test::rule_ids(r) == (std::vector<std::string>{"replicas-with-hpa", "rwo-volume-shared"}),
             boost::test_tools::per_element());
  // Alone, each file looks different: no budget, no target.
  const Report alone = engine.check_texts({{"others.yaml", others, InputFormat::yaml}});
  BOOST_TEST(test::rule_ids(alone) == (std::vector<std::string>{"pdb-selects-nothing", "hpa-target-missing"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
