// Fixes written into text: composed patches, minimal edits that keep comments and layout,
// refusals, and the unified diff of --dry-run.
#include <boost/test/unit_test.hpp>

#include "cli_helpers.hpp"
#include "helpers.hpp"

using namespace shipshape;

namespace {

/// Checks `text` with `rules` and applies every fix; returns the result.
FixResult fix_with(const std::string& text, std::vector<std::string> rules, Config config = {}) {
  const Report r = test::check_only(text, std::move(rules), std::move(config));
  return apply_fixes(text, "test.yaml", r.findings);
}

const char* kPod =
    "# the web pod\n"
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: p   # keep me\n"
    "spec:\n"
    "  containers:\n"
    "    - name: c\n"
    "      image: \"app:1\"\n"
    "      # ports below\n"
    "      ports:\n"
    "        - containerPort: 80\n"
    "  restartPolicy: Always\n";

// A fix that makes another rule apply: with two replicas, the Deployment is judged by
// pod-spreading-missing.
const char* kDeployment =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web  # the shop\n"
    "spec:\n"
    "  replicas: 1\n"
    "  selector:\n"
    "    matchLabels: {app: web}\n"
    "  template:\n"
    "    metadata:\n"
    "      labels: {app: web}\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: web\n"
    "          image: shop:1.2\n";

const char* kDeploymentFixed =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web  # the shop\n"
    "spec:\n"
    "  replicas: 2\n"
    "  selector:\n"
    "    matchLabels: {app: web}\n"
    "  template:\n"
    "    metadata:\n"
    "      labels: {app: web}\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: web\n"
    "          image: shop:1.2\n"
    "      topologySpreadConstraints:\n"
    "        - maxSkew: 1\n"
    "          topologyKey: kubernetes.io/hostname\n"
    "          whenUnsatisfiable: ScheduleAnyway\n"
    "          labelSelector:\n"
    "            matchLabels:\n"
    "              app: web\n";

Engine cascade_engine() {
  Config config;
  config.only = {"replicas-too-few", "pod-spreading-missing"};
  Engine engine(std::move(config));
  engine.set_jobs(1);
  return engine;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fix)

BOOST_AUTO_TEST_CASE(fixes_under_one_missing_parent_compose_in_any_order) {
  const Fix a = {{"add", "/spec/sc", "{}"}, {"add", "/spec/sc/a", "true"}};
  const Fix b = {{"add", "/spec/sc", "{}"}, {"add", "/spec/sc/b", "true"}};
  const Fix ab = compose_fixes({a, b});
  const Fix ba = compose_fixes({b, a});
  BOOST_TEST_REQUIRE(ab.size() == 3U);
  BOOST_TEST(ab[0].path == "/spec/sc");
  BOOST_TEST(ab[2].path == "/spec/sc/b");
  BOOST_TEST_REQUIRE(ba.size() == 3U);
  BOOST_TEST(ba[0].path == "/spec/sc");
  BOOST_TEST(ba[1].path == "/spec/sc/b");
}

BOOST_AUTO_TEST_CASE(list_item_removals_go_last_from_the_highest_index) {
  const Fix first = {{"remove", "/env/1", ""}};
  const Fix second = {{"remove", "/env/3", ""}};
  const Fix other = {{"add", "/env/-", "{}"}};
  const Fix out = compose_fixes({first, other, second});
  BOOST_TEST_REQUIRE(out.size() == 3U);
  BOOST_TEST(out[0].op == "add");
  BOOST_TEST(out[1].path == "/env/3");
  BOOST_TEST(out[2].path == "/env/1");
}

BOOST_AUTO_TEST_CASE(new_fields_follow_the_block_indentation_and_comments_stay) {
  const FixResult r = fix_with(kPod, {"run-as-root", "root-filesystem-writable"});
  BOOST_TEST(r.refused.empty());
  BOOST_TEST(r.applied.size() == 2U);
  BOOST_TEST(r.text ==
             "# the web pod\n"
             "apiVersion: v1\n"
             "kind: Pod\n"
             "metadata:\n"
             "  name: p   # keep me\n"
             "spec:\n"
             "  containers:\n"
             "    - name: c\n"
             "      image: \"app:1\"\n"
             "      # ports below\n"
             "      ports:\n"
             "        - containerPort: 80\n"
             "      securityContext:\n"
             "        readOnlyRootFilesystem: true\n"
             "        runAsNonRoot: true\n"
             "  restartPolicy: Always\n");
  // Once fixed, nothing is left to fix.
  const FixResult again = fix_with(r.text, {"run-as-root", "root-filesystem-writable"});
  BOOST_TEST(again.applied.empty());
  BOOST_TEST(again.text == r.text);
}

BOOST_AUTO_TEST_CASE(flow_mappings_get_flow_edits) {
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
      "    - {name: c, image: \"app:1\", securityContext: {runAsUser: 1000}}\n";
  const FixResult r = fix_with(text, {"root-filesystem-writable", "capabilities-not-dropped"});
  BOOST_TEST(r.refused.empty());
  BOOST_TEST(r.text ==
             "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
             "    - {name: c, image: \"app:1\", securityContext: {runAsUser: 1000, capabilities: {drop: [ALL]}, "
             "readOnlyRootFilesystem: true}}\n");
}

BOOST_AUTO_TEST_CASE(existing_lists_get_a_new_item_and_capabilities_add_stays) {
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: app:1\n"
      "    securityContext:\n      capabilities:\n        add:\n        - NET_BIND_SERVICE\n";
  const FixResult r = fix_with(text, {"capabilities-not-dropped"});
  BOOST_TEST(r.text ==
             "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: app:1\n"
             "    securityContext:\n      capabilities:\n        add:\n        - NET_BIND_SERVICE\n"
             "        drop:\n          - ALL\n");
}

BOOST_AUTO_TEST_CASE(removals_take_their_lines_and_values_are_replaced_in_place) {
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true   # debugging\n"
      "  containers:\n  - name: c\n    image: app:1\n    securityContext:\n      privileged: true  # why\n";
  const FixResult r = fix_with(text, {"host-pid", "privileged-container"});
  BOOST_TEST(r.refused.empty());
  BOOST_TEST(r.text ==
             "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
             "  containers:\n  - name: c\n    image: app:1\n    securityContext:\n      privileged: false  # why\n");
}

BOOST_AUTO_TEST_CASE(list_items_name_their_object_and_crlf_stays) {
  const std::string text =
      "apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: Pod\r\n  metadata:\r\n    name: a\r\n"
      "  spec:\r\n    hostIPC: true\r\n    containers:\r\n    - name: c\r\n      image: app:1\r\n";
  const Report report = test::check_only(text, {"host-ipc"});
  BOOST_TEST_REQUIRE(report.findings.size() == 1U);
  BOOST_TEST(report.findings[0].object_pointer == "/items/0");
  BOOST_TEST(report.findings[0].fix[0].path == "/spec/hostIPC");
  const FixResult r = apply_fixes(text, "test.yaml", report.findings);
  BOOST_TEST(
      r.text ==
      "apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: Pod\r\n  metadata:\r\n    name: a\r\n"
      "  spec:\r\n    containers:\r\n    - name: c\r\n      image: app:1\r\n");
}

BOOST_AUTO_TEST_CASE(helm_output_is_refused_whole) {
  const std::string text =
      "---\n# Source: chart/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
      "  hostPID: true\n  containers:\n  - name: c\n    image: app:1\n";
  const FixResult r = fix_with(text, {"host-pid"});
  BOOST_TEST(r.text == text);
  BOOST_TEST(r.applied.empty());
  BOOST_TEST_REQUIRE(r.refused.size() == 1U);
  BOOST_TEST(r.error.find("helm template") != std::string::npos);
  BOOST_TEST(r.error.find("chart/templates/pod.yaml") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(block_scalars_are_refused_with_a_reason) {
  const std::string text =
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n"
      "    - host: >-\n        Shop.Example.com\n";
  const FixResult r = fix_with(text, {"ingress-host-invalid"});
  BOOST_TEST(r.text == text);
  BOOST_TEST_REQUIRE(r.refused.size() == 1U);
  BOOST_TEST(r.refused[0].reason.find("block scalar") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unified_diff_names_the_files_and_counts_lines) {
  BOOST_TEST(unified_diff("a\nb\n", "a\nb\n", "x", "y").empty());
  const std::string d = unified_diff("a\nb\nc\n", "a\nB\nc\n", "a/f.yaml", "b/f.yaml");
  BOOST_TEST(d == "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

BOOST_AUTO_TEST_CASE(rounds_fix_what_earlier_fixes_brought_about) {
  const FixReport r = shipshape::fix(cascade_engine(), {}, {{"web.yaml", kDeployment, InputFormat::yaml}});
  BOOST_TEST(r.errors.empty());
  BOOST_TEST(r.rounds == 2U);
  BOOST_TEST(r.converged);
  BOOST_TEST_REQUIRE(r.files.size() == 1U);
  const FileFix& f = r.files[0];
  BOOST_TEST(!f.from_file);
  BOOST_TEST(f.before == kDeployment);
  BOOST_TEST(f.after == kDeploymentFixed);
  BOOST_TEST(f.refused.empty());
  BOOST_TEST_REQUIRE(f.applied.size() == 2U);
  BOOST_TEST(f.applied[0].rule == "replicas-too-few");
  BOOST_TEST(f.applied[1].rule == "pod-spreading-missing");
  BOOST_TEST(r.applied() == 2U);
  BOOST_TEST(r.changed() == 1U);
  // Checking the result finds nothing more to fix.
  const FixReport again = shipshape::fix(cascade_engine(), {}, {{"web.yaml", f.after, InputFormat::yaml}});
  BOOST_TEST(again.rounds == 0U);
  BOOST_TEST(again.files.empty());
}

BOOST_AUTO_TEST_CASE(max_rounds_stops_early_and_says_it_did_not_converge) {
  FixOptions one;
  one.max_rounds = 1;
  const FixReport r = shipshape::fix(cascade_engine(), {}, {{"web.yaml", kDeployment, InputFormat::yaml}}, one);
  BOOST_TEST(r.rounds == 1U);
  BOOST_TEST(!r.converged);
  BOOST_TEST_REQUIRE(r.files.size() == 1U);
  BOOST_TEST(r.files[0].applied.size() == 1U);
  BOOST_TEST(r.files[0].after.find("replicas: 2") != std::string::npos);
  BOOST_TEST(r.files[0].after.find("topologySpreadConstraints") == std::string::npos);
  // Limited to one rule's fixes, the rounds end with nothing new to fix.
  one.rules = {"replicas-too-few"};
  const FixReport only = shipshape::fix(cascade_engine(), {}, {{"web.yaml", kDeployment, InputFormat::yaml}}, one);
  BOOST_TEST(only.rounds == 1U);
  BOOST_TEST(only.converged);
}

BOOST_AUTO_TEST_CASE(replaced_files_are_checked_instead_of_the_disk) {
  const test::TempDir dir;
  const std::string path = dir.write("web.yaml", kDeployment);
  const Engine engine = cascade_engine();
  BOOST_TEST(test::rule_ids(engine.check_paths({dir.path.string()})) == std::vector<std::string>{"replicas-too-few"});
  const Report replaced = engine.check({dir.path.string()}, {}, {{path, kDeploymentFixed}});
  BOOST_TEST(replaced.findings.empty());
  BOOST_TEST(replaced.summary.files == 1U);
  // A name the paths do not reach is not added.
  BOOST_TEST(engine.check({path}, {}, {{dir.file("other.yaml"), kDeployment}}).summary.files == 1U);
}

BOOST_AUTO_TEST_CASE(the_command_writes_every_round_once_and_a_second_run_changes_nothing) {
  const test::TempDir dir;
  const std::string path = dir.write("web.yaml", kDeployment);
  const std::vector<std::string> only = {"--no-config", "--only", "replicas-too-few", "--only",
                                         "pod-spreading-missing"};
  const auto fix_command = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"fix"};
    args.insert(args.end(), only.begin(), only.end());
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(path);
    return test::run(args);
  };
  const test::Result dry = fix_command({"--dry-run"});
  BOOST_TEST(dry.code == 1);
  BOOST_TEST(dry.out.find("+  replicas: 2") != std::string::npos);
  BOOST_TEST(dry.out.find("+      topologySpreadConstraints:") != std::string::npos);
  BOOST_TEST(dry.err == "would apply 2 fixes in 1 file in 2 rounds\n");
  BOOST_TEST(dir.read("web.yaml") == kDeployment);

  const test::Result once = fix_command({"--max-rounds", "1"});
  BOOST_TEST(once.code == 1);
  BOOST_TEST(once.out == "applied 1 fix in 1 file\n");
  BOOST_TEST(once.err.find("stopped after 1 round of fixes") != std::string::npos);

  const test::Result rest = fix_command({});
  BOOST_TEST(rest.code == 0);
  BOOST_TEST(rest.out == "applied 1 fix in 1 file\n");
  BOOST_TEST(dir.read("web.yaml") == kDeploymentFixed);
  const test::Result again = fix_command({});
  BOOST_TEST(again.code == 0);
  BOOST_TEST(again.out == "applied 0 fixes in 0 files\n");
  BOOST_TEST(dir.read("web.yaml") == kDeploymentFixed);
  BOOST_TEST(fix_command({"--max-rounds", "0"}).code == 2);
}

BOOST_AUTO_TEST_CASE(values_shared_through_anchors_are_refused) {
  // a's securityContext is an anchor, b's an alias of it, c's merges it: an edit of any one
  // would change the others (or land in a's text). The labels' anchor is out of the way.
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: &l {app: p}\nspec:\n  containers:\n"
      "    - name: a\n      image: a:1\n      securityContext: &sc\n        runAsUser: 1000\n"
      "    - name: b\n      image: b:1\n      securityContext: *sc\n"
      "    - name: c\n      image: c:1\n      securityContext:\n        <<: *sc\n        runAsGroup: 1000\n";
  const FixResult r = fix_with(text, {"root-filesystem-writable", "service-account-token-mounted"});
  BOOST_TEST_REQUIRE(r.applied.size() == 1U);
  BOOST_TEST(r.applied[0].rule == "service-account-token-mounted");
  BOOST_TEST_REQUIRE(r.refused.size() == 3U);
  for (const RefusedFix& x : r.refused) BOOST_TEST(x.reason.find("YAML anchor or alias") != std::string::npos);
  BOOST_TEST(r.text == text + "  automountServiceAccountToken: false\n");
}

BOOST_AUTO_TEST_CASE(a_diff_marks_a_last_line_without_a_line_break) {
  const std::string d = unified_diff("a\nb", "a\nb\nc\n", "a/f", "b/f");
  BOOST_TEST(d == "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
}

BOOST_AUTO_TEST_CASE(the_command_shows_help_names_diffs_as_git_does_and_reports_what_it_skipped) {
  const test::TempDir dir;
  const std::string path = dir.write("web.yaml", kDeployment);
  dir.write("broken.yaml", "kind: [Pod\n");
  const std::vector<std::string> only = {"--no-config", "--rule", "replicas-too-few"};  // every rule runs
  // --help prints the usage and touches nothing.
  for (const char* help : {"--help", "-h"}) {
    const test::Result r = test::run({"fix", help, dir.path.string()});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.find("Usage:") != std::string::npos);
  }
  BOOST_TEST(dir.read("web.yaml") == kDeployment);
  // Diff headers: relative to the current directory, without `./`; absolute paths elsewhere
  // lose their leading `/`.
  std::vector<std::string> args = {"fix", "--dry-run"};
  args.insert(args.end(), only.begin(), only.end());
  args.push_back(dir.path.string());
  const test::Result dry = test::run(args);
  const std::string relative = dir.path.relative_path().generic_string();
  BOOST_TEST(dry.out.find("--- a/" + relative + "/web.yaml\n+++ b/" + relative + "/web.yaml\n") == 0U);
  // The file that does not parse is named.
  BOOST_TEST(dry.err.find("broken.yaml:1:") != std::string::npos);
  BOOST_TEST(dry.err.find("[yaml-syntax] not checked") != std::string::npos);
  // --fail-if-no-objects, as for check.
  const std::string empty = dir.write("empty/none.yaml", "# nothing\n");
  BOOST_TEST(test::run({"fix", "--no-config", "--fail-if-no-objects", empty}).code == 2);
  BOOST_TEST(test::run({"fix", "--no-config", empty}).code == 0);
  (void)path;
}

BOOST_AUTO_TEST_CASE(an_unknown_rule_to_fix_is_a_configuration_error) {
  FixOptions options;
  options.rules = {"no-such-rule"};
  BOOST_CHECK_THROW((void)shipshape::fix(cascade_engine(), {}, {}, options), ConfigError);
}

BOOST_AUTO_TEST_SUITE_END()
