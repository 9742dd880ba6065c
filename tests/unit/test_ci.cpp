// Reports for CI: several reports from one run, GitHub and GitLab formats, SARIF for code
// scanning, JUnit thresholds, the baseline, the overview and scores.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <rapidjson/document.h>

#include "cli_helpers.hpp"
#include "shipshape/report.hpp"

namespace {

using shipshape::test::Result;
using shipshape::test::run;
using shipshape::test::TempDir;

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  BOOST_TEST_REQUIRE(!d.HasParseError());
  return d;
}

std::string pod(const std::string& name, bool privileged, bool limits) {
  std::string s = "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name +
                  ", namespace: shop}\nspec:\n  containers:\n    - name: c\n      image: i:1\n";
  if (privileged) s += "      securityContext: {privileged: true}\n";
  if (limits) s += "      resources: {limits: {memory: 64Mi}}\n";
  return s;
}

const std::vector<std::string> kOnly{"--no-config", "--only", "privileged-container", "--only", "memory-limit-missing"};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ci)

BOOST_AUTO_TEST_CASE(several_reports_from_one_run) {
  TempDir dir;
  const std::string in = dir.write("in/pods.yaml", pod("a", true, false));
  auto r = run(with(
      {"check", "-f", "sarif=" + dir.file("a.sarif"), "--format", "json", "-o", dir.file("b.json"), "-f", "text", in},
      kOnly));
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out.find("[privileged-container]") != std::string::npos);
  BOOST_TEST(r.out.find("Checked 1 object in 1 file: 1 error, 1 warning, 0 info") != std::string::npos);
  BOOST_TEST(r.err.empty());  // the text report on stdout has the summary
  const auto sarif = parse(dir.read("a.sarif"));
  BOOST_TEST(sarif["runs"][0]["results"].Size() == 2U);
  const auto json = parse(dir.read("b.json"));
  BOOST_TEST(json["summary"]["findings"].GetUint() == 2U);

  // The old meaning: -f sarif -o FILE (and -o FILE -f sarif); the summary then goes to stderr.
  for (const auto& args : {std::vector<std::string>{"-f", "sarif", "-o", dir.file("c.sarif")},
                           std::vector<std::string>{"-o", dir.file("c.sarif"), "-f", "sarif"}}) {
    std::filesystem::remove(dir.file("c.sarif"));
    r = run(with(with({"check"}, args), with(kOnly, {in})));
    BOOST_TEST(r.code == 1);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err == "shipshape: Checked 1 object in 1 file: 1 error, 1 warning, 0 info\n");
    BOOST_TEST(parse(dir.read("c.sarif"))["version"].GetString() == std::string("2.1.0"));
  }
  // -o alone still sends the text report to the file.
  r = run(with({"check", "-o", dir.file("d.txt")}, with(kOnly, {in})));
  BOOST_TEST(r.out.empty());
  BOOST_TEST(dir.read("d.txt").find("[privileged-container]") != std::string::npos);
  BOOST_TEST(r.err.find("shipshape: Checked 1 object") == 0U);
  // JSON on stdout: the summary still goes to stderr, not into the JSON.
  r = run(with({"check", "-f", "json"}, with(kOnly, {in})));
  BOOST_TEST(parse(r.out)["summary"]["error"].GetUint() == 1U);
  BOOST_TEST(r.err.find("shipshape: Checked 1 object") == 0U);
  // -q: no summary anywhere.
  r = run(with({"check", "-q", "-f", "json"}, with(kOnly, {in})));
  BOOST_TEST(r.err.empty());
}

BOOST_AUTO_TEST_CASE(report_destinations_are_checked) {
  TempDir dir;
  const std::string in = dir.write("pods.yaml", pod("a", true, false));
  auto r = run({"check", "-f", "json", "-f", "sarif", in});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("two reports to standard output (json and sarif)") != std::string::npos);
  r = run({"check", "-f", "json=" + dir.file("x.out"), "-f", "sarif=" + dir.file("x.out"), in});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("two reports to the same file") != std::string::npos);
  r = run({"check", "-f", "json", "-o", dir.file("a"), "-o", dir.file("b"), in});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("has no --format to go with") != std::string::npos);
  r = run({"check", "-f", "xml=out.xml", in});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("unknown format \"xml\"") != std::string::npos);
  // `-f FORMAT=-` is standard output.
  r = run(with({"check", "-f", "json=-", "-f", "sarif=" + dir.file("s.sarif")}, with(kOnly, {in})));
  BOOST_TEST(r.code == 1);
  BOOST_TEST(parse(r.out)["findings"].Size() == 2U);
  // Nothing is written when one destination is refused.
  r = run({"check", "-f", "json=" + dir.file("ok.json"), "-f", "sarif=" + in, in});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(!std::filesystem::exists(dir.file("ok.json")));
}

BOOST_AUTO_TEST_CASE(github_workflow_commands_are_escaped) {
  shipshape::Report report;
  shipshape::Finding f;
  f.rule = "privileged-container";
  f.severity = shipshape::Severity::error;
  f.message = "100% privileged\r\nsee docs";
  f.object = {"v1", "Pod", "shop", "a"};
  f.file = "dir,x/a:b.yaml";
  f.line = 7;
  f.column = 3;
  report.findings.push_back(f);
  f.severity = shipshape::Severity::info;
  f.message = "note";
  f.helm_source = "chart/templates/pod.yaml";
  report.findings.push_back(f);
  report.errors.push_back({"gone.yaml", "no such file"});
  std::ostringstream out;
  shipshape::write_github(report, out);
  BOOST_TEST(out.str() ==
             "::error file=dir%2Cx/a%3Ab.yaml,line=7,col=3,title=shipshape privileged-container::Pod shop/a: 100%25 "
             "privileged%0D%0Asee docs\n"
             "::notice file=chart/templates/pod.yaml,title=shipshape privileged-container::Pod shop/a: note "
             "(rendered at dir,x/a:b.yaml:7:3)\n"
             "::error file=gone.yaml,title=shipshape input error::no such file\n");
  f.severity = shipshape::Severity::warning;
}

BOOST_AUTO_TEST_CASE(gitlab_code_quality) {
  TempDir dir;
  const std::string in = dir.write("pods.yaml", pod("a", true, false) + "---\n" + pod("b", false, false));
  const auto r = run(with({"check", "-f", "gitlab"}, with(kOnly, {in})));
  BOOST_TEST(r.code == 1);
  const auto d = parse(r.out);
  BOOST_TEST_REQUIRE(d.IsArray());
  BOOST_TEST_REQUIRE(d.Size() == 3U);
  std::set<std::string> prints;
  for (const auto& issue : d.GetArray()) {
    BOOST_TEST(issue["description"].IsString());
    BOOST_TEST(std::string(issue["location"]["path"].GetString()) == in);
    BOOST_TEST(issue["location"]["lines"]["begin"].GetUint() >= 1U);
    prints.insert(issue["fingerprint"].GetString());
  }
  BOOST_TEST(prints.size() == 3U);
  BOOST_TEST(std::string(d[0]["check_name"].GetString()) == "memory-limit-missing");
  BOOST_TEST(std::string(d[0]["severity"].GetString()) == "minor");
  BOOST_TEST(d[0]["location"]["lines"]["begin"].GetUint() == 6U);
  BOOST_TEST(std::string(d[1]["check_name"].GetString()) == "privileged-container");
  BOOST_TEST(std::string(d[1]["severity"].GetString()) == "critical");  // a security error
  BOOST_TEST(d[1]["location"]["lines"]["begin"].GetUint() == 8U);
  BOOST_TEST(std::string(d[0]["description"].GetString()).find("Pod shop/a: ") == 0U);
}

BOOST_AUTO_TEST_CASE(sarif_for_code_scanning) {
  TempDir dir;
  const std::string in = dir.write("pods.yaml", pod("a", true, false));
  const auto r =
      run(with({"check", "-f", "sarif", "--docs-url", "https://example.org/shipshape/docs/rules/"}, with(kOnly, {in})));
  const auto d = parse(r.out);
  const auto& run0 = d["runs"][0];
  const auto& driver = run0["tool"]["driver"];
  BOOST_TEST(std::string(driver["informationUri"].GetString()) == "https://example.org/shipshape/docs/rules");
  bool seen_security = false;
  for (const auto& rule : driver["rules"].GetArray()) {
    const std::string id = rule["id"].GetString();
    BOOST_TEST(std::string(rule["helpUri"].GetString()) == "https://example.org/shipshape/docs/rules/" + id + ".md");
    BOOST_TEST(std::string(rule["help"]["markdown"].GetString()).find("# " + id) != std::string::npos);
    if (id == "privileged-container") {
      seen_security = true;
      BOOST_TEST(std::string(rule["properties"]["security-severity"].GetString()) == "8.0");
    } else {
      BOOST_TEST(!rule["properties"].HasMember("security-severity"));
    }
  }
  BOOST_TEST(seen_security);
  // The fingerprint is the baseline's.
  const auto baseline = parse(run(with({"baseline"}, with(kOnly, {in}))).out);
  const std::string print = run0["results"][0]["partialFingerprints"]["shipshape/v1"].GetString();
  BOOST_TEST(print == baseline["findings"][0]["fingerprint"].GetString());
  BOOST_TEST(print.size() == 32U);
  // Without --docs-url (nor $SHIPSHAPE_DOCS_URL) there are no links but the pages are there.
  const auto plain = parse(run(with({"check", "-f", "sarif"}, with(kOnly, {in}))).out);
  BOOST_TEST(!plain["runs"][0]["tool"]["driver"].HasMember("informationUri"));
  BOOST_TEST(!plain["runs"][0]["tool"]["driver"]["rules"][0].HasMember("helpUri"));
  BOOST_TEST(plain["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"].IsString());
}

BOOST_AUTO_TEST_CASE(rendered_objects_are_located_in_their_source) {
  TempDir dir;
  const std::string helm =
      dir.write("rendered.yaml", "---\n# Source: shop/templates/pod.yaml\n" + pod("a", true, true));
  const std::string kustomize =
      dir.write("built.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  namespace: shop\n  annotations:\n"
                "    config.kubernetes.io/origin: |\n      path: base/pod.yaml\n      repo: https://example.org/x\n"
                "spec:\n  containers:\n    - name: c\n      image: i:1\n      securityContext: {privileged: true}\n"
                "      resources: {limits: {memory: 64Mi}}\n");
  auto sarif = parse(run(with({"check", "-f", "sarif"}, with(kOnly, {helm, kustomize}))).out);
  const auto& results = sarif["runs"][0]["results"];
  BOOST_TEST_REQUIRE(results.Size() == 2U);
  BOOST_TEST(std::string(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].GetString()) ==
             "shop/templates/pod.yaml");
  BOOST_TEST(std::string(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].GetString()) ==
             "base/pod.yaml");
  const auto& related = results[0]["relatedLocations"][0]["physicalLocation"];
  BOOST_TEST(related["region"]["startLine"].GetUint() == 10U);
  BOOST_TEST(std::string(results[1]["properties"]["origin"].GetString()) == "base/pod.yaml");

  auto json = parse(run(with({"check", "-f", "json"}, with(kOnly, {helm, kustomize}))).out);
  BOOST_TEST(std::string(json["findings"][0]["helmSource"].GetString()) == "shop/templates/pod.yaml");
  BOOST_TEST(std::string(json["findings"][1]["origin"].GetString()) == "base/pod.yaml");
  BOOST_TEST(json["findings"][0]["origin"].IsNull());
  const auto text = run(with({"check"}, with(kOnly, {kustomize}))).out;
  BOOST_TEST(text.find("(from base/pod.yaml)") != std::string::npos);
  const auto gitlab = parse(run(with({"check", "-f", "gitlab"}, with(kOnly, {kustomize}))).out);
  BOOST_TEST(std::string(gitlab[0]["location"]["path"].GetString()) == "base/pod.yaml");
  const auto junit = run(with({"check", "-f", "junit"}, with(kOnly, {kustomize}))).out;
  BOOST_TEST(junit.find("file=\"base/pod.yaml\"") != std::string::npos);
  const auto github = run(with({"check", "-f", "github"}, with(kOnly, {helm}))).out;
  BOOST_TEST(github.find("::error file=shop/templates/pod.yaml,title=") == 0U);
}

BOOST_AUTO_TEST_CASE(junit_honours_fail_on_and_carries_times) {
  TempDir dir;
  const std::string in = dir.write("pods.yaml", pod("a", true, false));
  auto junit = run(with({"check", "-f", "junit", "--fail-on", "error"}, with(kOnly, {in}))).out;
  BOOST_TEST(junit.find("tests=\"2\" failures=\"1\" errors=\"0\" time=\"") != std::string::npos);
  BOOST_TEST(count(junit, "<failure ") == 1U);
  BOOST_TEST(count(junit, "<system-out>") == 1U);
  BOOST_TEST(junit.find("<system-out>") > junit.find("name=\"memory-limit-missing\""));
  junit = run(with({"check", "-f", "junit", "--fail-on", "never"}, with(kOnly, {in}))).out;
  BOOST_TEST(count(junit, "<failure ") == 0U);
  BOOST_TEST(count(junit, "<system-out>") == 2U);
  junit = run(with({"check", "-f", "junit", "--fail-on", "info"}, with(kOnly, {in}))).out;
  BOOST_TEST(count(junit, "<failure ") == 2U);
}

BOOST_AUTO_TEST_CASE(fingerprints_ignore_files_and_lines) {
  shipshape::Finding a;
  a.rule = "r";
  a.object = {"v1", "Pod", "ns", "p"};
  a.path = "spec.containers[0]";
  a.message = "m";
  a.file = "x.yaml";
  a.line = 3;
  shipshape::Finding b = a;
  b.file = "y.yaml";
  b.line = 30;
  b.column = 2;
  BOOST_TEST(shipshape::fingerprint(a) == shipshape::fingerprint(b));
  BOOST_TEST(shipshape::fingerprint(a) == "3c2b4b487fe09300f51012cac4335bb1");  // stable across releases
  // Each part of the identity counts (appending keeps GCC 12's -Wrestrict quiet).
  for (int part = 0; part < 6; ++part) {
    shipshape::Finding c = a;
    std::string& field = part == 0   ? c.rule
                         : part == 1 ? c.object.kind
                         : part == 2 ? c.object.ns
                         : part == 3 ? c.object.name
                         : part == 4 ? c.path
                                     : c.message;
    field += "x";
    BOOST_TEST(shipshape::fingerprint(c) != shipshape::fingerprint(a));
  }
}

BOOST_AUTO_TEST_CASE(baseline_reports_only_new_findings) {
  TempDir dir;
  dir.write("repo/pods.yaml", pod("a", true, false) + "---\n" + pod("b", false, false));
  const std::string base = dir.file("baseline.json");
  auto r = run(with({"baseline", "-o", base}, with(kOnly, {dir.file("repo")})));
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.err.find("recorded 3 findings in " + base) != std::string::npos);
  const auto recorded = parse(dir.read("baseline.json"));
  BOOST_TEST(recorded["findings"].Size() == 3U);
  BOOST_TEST(std::string(recorded["findings"][0]["fingerprint"].GetString()).size() == 32U);

  // Unchanged: nothing new, exit 0.
  r = run(with({"check", "--baseline", base}, with(kOnly, {dir.file("repo")})));
  BOOST_TEST(r.code == 0);
  BOOST_TEST(r.out.find("3 known findings not shown; 0 fixed since") != std::string::npos);

  // Lines moved (comments and another object before them) and the file renamed: still known.
  std::filesystem::remove(dir.file("repo/pods.yaml"));
  dir.write("repo/moved/all.yaml",
            "# a comment\n# another\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: "
            "{name: c, namespace: shop}\n---\n" +
                pod("b", false, false) + "---\n" + pod("a", true, false));
  r = run(with({"check", "--baseline", base, "-f", "json"}, with(kOnly, {dir.file("repo")})));
  BOOST_TEST(r.code == 0, r.out);
  auto json = parse(r.out);
  BOOST_TEST(json["findings"].Size() == 0U);
  BOOST_TEST(json["baseline"]["known"].GetUint() == 3U);
  BOOST_TEST(json["baseline"]["fixed"].Size() == 0U);
  BOOST_TEST(json["summary"]["error"].GetUint() == 0U);

  // Pod a fixed (not privileged, limited), pod c new: c's findings fail, a's are listed fixed.
  dir.write("repo/moved/all.yaml",
            pod("b", false, false) + "---\n" + pod("a", false, true) + "---\n" + pod("c", true, true));
  r = run(with({"check", "--baseline", base, "-f", "json"}, with(kOnly, {dir.file("repo")})));
  BOOST_TEST(r.code == 1);
  json = parse(r.out);
  BOOST_TEST_REQUIRE(json["findings"].Size() == 1U);
  BOOST_TEST(std::string(json["findings"][0]["object"]["name"].GetString()) == "c");
  BOOST_TEST(json["baseline"]["known"].GetUint() == 1U);
  BOOST_TEST_REQUIRE(json["baseline"]["fixed"].Size() == 2U);
  BOOST_TEST(std::string(json["baseline"]["fixed"][0]["object"].GetString()) == "Pod/shop/a");
  r = run(with({"check", "--baseline", base}, with(kOnly, {dir.file("repo")})));
  BOOST_TEST(r.out.find("1 known finding not shown; 2 fixed since") != std::string::npos);
  BOOST_TEST(r.out.find("fixed: " + dir.file("repo/pods.yaml") +
                        ":8: [privileged-container] Pod/shop/a: container \"c\" runs privileged\n") !=
             std::string::npos);
  BOOST_TEST(r.out.find(", 1 in the baseline\n") != std::string::npos);

  // A broken baseline is a clear error.
  dir.write("bad.json", "{\"findings\": 3}");
  r = run({"check", "--baseline", dir.file("bad.json"), dir.file("repo")});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("not a baseline file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_ends_with_an_overview_and_scores) {
  TempDir dir;
  const std::string in = dir.write(
      "pods.yaml", pod("a", true, false) + "---\n" + pod("b", false, false) + "---\n" + pod("c", false, true));
  auto r = run(with({"check"}, with(kOnly, {in})));
  const std::string& t = r.out;
  const auto by_rule = t.find("Findings by rule:\n       2  memory-limit-missing\n       1  privileged-container\n");
  BOOST_TEST(by_rule != std::string::npos, t);
  BOOST_TEST(t.find("Findings by file:\n       3  " + in + "\n") != std::string::npos);
  // a: 1 error + 1 warning = 75, b: 1 warning = 95, c: 100; the run: (75 + 95 + 100) / 3 = 90.
  BOOST_TEST(t.find("      75  Pod/shop/a (" + in + ")\n      95  Pod/shop/b (" + in + ")\n") != std::string::npos, t);
  BOOST_TEST(t.find("      90  the run (3 objects, mean over every object checked)\n") != std::string::npos);
  BOOST_TEST(run(with({"check", "-q"}, with(kOnly, {in}))).out.find("Findings by rule") == std::string::npos);

  shipshape::Report report;
  report.summary.objects = 4;
  BOOST_TEST(shipshape::object_score(1, 1, 1) == 74U);
  BOOST_TEST(shipshape::object_score(6, 0, 0) == 0U);
  BOOST_TEST(shipshape::compute_scores(report).run == 100U);
}

BOOST_AUTO_TEST_CASE(fail_if_no_objects_and_help) {
  TempDir dir;
  dir.write("empty/README.md", "nothing here\n");
  BOOST_TEST(run({"check", "--no-config", dir.file("empty")}).code == 0);
  auto r = run({"check", "--no-config", "--fail-if-no-objects", dir.file("empty")});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.find("no Kubernetes objects found") != std::string::npos);
  dir.write("one/pod.yaml", pod("a", false, true));
  BOOST_TEST(run(with({"check", "--fail-if-no-objects"}, with(kOnly, {dir.file("one")}))).code == 0);

  for (const std::string command : {"check", "rules", "explain", "baseline"}) {
    r = run({command, "--help"});
    BOOST_TEST(r.code == 0, command);
    BOOST_TEST(r.out.find("Usage") != std::string::npos, command);
  }
  BOOST_TEST(run({"check", "-h"}).out.find("--fail-if-no-objects") != std::string::npos);
  BOOST_TEST(run({"explain", "--help"}).out.find("RULE-ID") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
