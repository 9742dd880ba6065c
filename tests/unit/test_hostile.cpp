// Hostile input (issue 10): long text against patterns, lost documents, line breaks, encodings,
// reports that must stay well-formed, and the small command-line cases.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "cli/cli.hpp"
#include "helpers.hpp"

using namespace shipshape;

namespace {

const std::string kPod =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {team: shop}\nspec:\n  containers:\n"
    "    - name: c\n      image: nginx:1.27\n";

Report check(const std::string& text, const std::string& name = "test.yaml", Config config = {}) {
  Engine engine(std::move(config));
  engine.set_jobs(1);
  return engine.check_texts({{name, text, format_for(name)}});
}

std::vector<const Finding*> of_rule(const Report& r, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings) {
    if (f.rule == rule) out.push_back(&f);
  }
  return out;
}

Config config_of(const std::string& yaml) { return Config::parse(yaml, "cfg.yaml"); }

bool valid_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  return !doc.HasParseError();
}

/// Whether the JSON and the SARIF report of `r` both parse (UTF-8 checked).
bool json_reports_valid(const Report& r) {
  std::ostringstream json;
  write_json(r, json, true);
  std::ostringstream sarif;
  write_sarif(r, sarif);
  return valid_json(json.str()) && valid_json(sarif.str());
}

struct TempDir {
  std::filesystem::path path;
  TempDir() : path(std::filesystem::temp_directory_path() / ("shipshape-hostile-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { std::filesystem::remove_all(path); }
};

int run_cli(std::vector<std::string> args, std::string* out_text = nullptr, std::string* err_text = nullptr) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = cli::run(args, {out, err, false});
  if (out_text) *out_text = out.str();
  if (err_text) *err_text = err.str();
  return code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile)

BOOST_AUTO_TEST_CASE(long_label_value_against_a_configured_pattern) {
  std::string pod = kPod;
  pod.replace(pod.find("{team: shop}"), 12, "{team: " + std::string(50'000, 'a') + "1}");
  const Report r =
      check(pod, "test.yaml",
            config_of("rules:\n  required-labels-missing:\n    options:\n      patterns: ['team=[a-z]+']\n"));
  BOOST_REQUIRE_EQUAL(of_rule(r, "required-labels-missing").size(), 1U);
  BOOST_TEST(of_rule(r, "required-labels-missing")[0]->line == 5U);
}

BOOST_AUTO_TEST_CASE(long_env_name_against_a_configured_sensitive_pattern) {
  const std::string pod =
      kPod + "      env:\n        - name: " + std::string(60'000, 'X') + "_PASSWORD\n          value: hunter2hunter2\n";
  const Report r =
      check(pod, "test.yaml",
            config_of("rules:\n  secret-literal-in-env:\n    options:\n      sensitive-names: ['x.*password']\n"));
  BOOST_REQUIRE_EQUAL(of_rule(r, "secret-literal-in-env").size(), 1U);
  BOOST_TEST(of_rule(r, "secret-literal-in-env")[0]->line == 12U);
}

BOOST_AUTO_TEST_CASE(bad_patterns_name_the_item_at_fault) {
  auto error_of = [](const std::string& yaml) -> std::string {
    try {
      Engine engine(config_of(yaml));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string labels = error_of(
      "rules:\n  required-labels-missing:\n    options:\n      patterns:\n        - 'a=b'\n        - 'team=(x'\n");
  BOOST_TEST(labels.find("cfg.yaml:6:11: rule required-labels-missing: patterns: \"(x\" is not a valid regular "
                         "expression (RE2 syntax): missing ): (x") == 0U,
             labels);
  const std::string names =
      error_of("rules:\n  secret-literal-in-env:\n    options:\n      ignored-names: [ok, 'a(?=b)']\n");
  BOOST_TEST(names.find("cfg.yaml:4:27: rule secret-literal-in-env: ignored-names:") == 0U, names);
  const std::string form =
      error_of("rules:\n  required-labels-missing:\n    options:\n      patterns: [a=b, no-equals]\n");
  BOOST_TEST(form.find("cfg.yaml:4:23:") == 0U, form);
}

BOOST_AUTO_TEST_CASE(unclosed_flow_collections_stay_in_their_document) {
  for (const std::string broken : {"[\n", "a: {b: [1, 2\n", "{\n  a: [\n", "- [a, {b: c\n"}) {
    const Report r = check(broken + "---\n" + kPod);
    const auto syntax = of_rule(r, "yaml-syntax");
    BOOST_REQUIRE_EQUAL(syntax.size(), 1U);
    BOOST_TEST(syntax[0]->document == 0U, broken);
    BOOST_TEST(syntax[0]->line <= 2U, broken);
    BOOST_TEST(r.summary.objects == 1U, broken);
    BOOST_TEST(!of_rule(r, "bare-pod").empty(), broken);
    for (const auto* f : of_rule(r, "bare-pod")) BOOST_TEST(f->document == 1U);
  }
}

BOOST_AUTO_TEST_CASE(cr_crlf_and_lf_line_breaks_read_alike) {
  const std::string lf = "# a comment first\n" + kPod + "---\nkind: [\n";
  auto with = [&](std::string_view br) {
    std::string t;
    for (char c : lf) {
      if (c == '\n') {
        t += br;
      } else {
        t += c;
      }
    }
    return t;
  };
  auto summary = [](const Report& r) {
    std::string s;
    for (const auto& f : r.findings)
      s += fmt::format("{}:{}:{} {} {}\n", f.line, f.column, f.document, f.rule, f.message);
    return s;
  };
  const std::string expected = summary(check(lf));
  BOOST_TEST(expected.find("2:1:0 bare-pod") != std::string::npos, expected);
  BOOST_TEST(summary(check(with("\r"))) == expected);
  BOOST_TEST(summary(check(with("\r\n"))) == expected);
}

BOOST_AUTO_TEST_CASE(json_with_a_byte_order_mark) {
  const Report r = check(
      "\xEF\xBB\xBF{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": "
      "{\"containers\": [{\"name\": \"c\", \"image\": \"nginx:1.27\"}]}}",
      "pod.json");
  BOOST_TEST(of_rule(r, "yaml-syntax").empty());
  BOOST_TEST(r.summary.objects == 1U);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_in_json) {
  const Report r = check(
      "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"p\", \"name\": \"q\"}}", "pod.json");
  const auto dup = of_rule(r, "yaml-syntax");
  BOOST_REQUIRE_EQUAL(dup.size(), 1U);
  BOOST_TEST(dup[0]->message == "duplicate key \"name\" (first defined at line 2); kubectl rejects the document");
  BOOST_TEST(dup[0]->line == 2U);
  BOOST_TEST(dup[0]->column == 28U);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_finding_and_reports_stay_valid) {
  std::string pod = kPod;
  pod.replace(pod.find("name: p"), 7, "name: caf\xE9");
  pod += "---\n" + kPod + "      args: ['\xFF\xFE', '\xC3']\n";
  const Report r = check(pod);
  const auto bad = of_rule(r, "yaml-syntax");
  BOOST_REQUIRE_EQUAL(bad.size(), 2U);
  BOOST_TEST(bad[0]->line == 4U);
  BOOST_TEST(bad[0]->column == 12U);
  BOOST_TEST(bad[0]->document == 0U);
  BOOST_TEST(bad[0]->message ==
             "the text is not valid UTF-8 here (1 invalid byte sequence in this document, read as U+FFFD)");
  BOOST_TEST(bad[1]->line == 20U);
  BOOST_TEST(bad[1]->document == 1U);
  BOOST_TEST(bad[1]->message.find("(3 invalid byte sequences") != std::string::npos);
  BOOST_TEST(r.summary.objects == 2U);
  bool named = false;
  for (const auto& f : r.findings) named = named || f.object.name == "caf\xEF\xBF\xBD";
  BOOST_TEST(named);
  BOOST_TEST(json_reports_valid(r));
}

BOOST_AUTO_TEST_CASE(reports_are_valid_whatever_the_strings) {
  Report r;
  Finding f;
  f.rule = "x";
  f.file = "odd\xFF\nname\x1B[2J.yaml";
  f.message =
      "bad \xC3( \x07 \xC2\x9B"
      "31m";
  f.object = {"v1", "Pod", "ns\x1B", "p\xE9"};
  r.findings.push_back(f);
  r.errors.push_back({"dir\xFE/x.yaml", "cannot\x1B read"});
  BOOST_TEST(json_reports_valid(r));
  std::ostringstream junit;
  write_junit(r, junit);
  BOOST_TEST(junit.str().find('\xFF') == std::string::npos);
  std::ostringstream text;
  write_text(r, text, {});
  const std::string t = text.str();
  BOOST_TEST(t.find('\x1B') == std::string::npos);
  BOOST_TEST(t.find('\x07') == std::string::npos);
  BOOST_TEST(t.find("\xC2\x9B") == std::string::npos);
  BOOST_TEST(
      t.find("odd\\xff\\nname\\x1b[2J.yaml:0:0: warning [x] Pod ns\\x1b/p\\xe9: bad \\xc3( \\x07 \\u009b31m\n") == 0U,
      t);
  BOOST_TEST(t.find("dir\\xfe/x.yaml: error cannot\\x1b read\n") != std::string::npos, t);
}

BOOST_AUTO_TEST_CASE(config_must_be_a_regular_file) {
  TempDir dir;
  const auto fifo = (dir.path / "config.yaml").string();
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string err;
  BOOST_TEST(run_cli({"check", "-c", fifo, dir.path.string()}, nullptr, &err) == 2);
  BOOST_TEST(err.find("not a regular file") != std::string::npos, err);
  BOOST_TEST(run_cli({"check", "-c", "/dev/zero", dir.path.string()}, nullptr, &err) == 2);
  BOOST_TEST(err.find("/dev/zero: cannot read the configuration: not a regular file") != std::string::npos, err);
}

BOOST_AUTO_TEST_CASE(double_dash_ends_the_options) {
  TempDir dir;
  std::ofstream(dir.path / "-q.yaml") << kPod;
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path);
  std::string out;
  std::string err;
  const int with = run_cli({"check", "--no-config", "-f", "json", "--", "-q.yaml"}, &out);
  const int without = run_cli({"check", "--no-config", "-q.yaml"}, nullptr, &err);
  std::filesystem::current_path(previous);
  BOOST_TEST(with == 0);
  BOOST_TEST(out.find("\"file\": \"-q.yaml\"") != std::string::npos, out);
  BOOST_TEST(without == 2);  // an unknown option `-q.yaml` (the short -q takes no value)
  BOOST_TEST(err.find("unknown option -q.yaml") != std::string::npos, err);
}

BOOST_AUTO_TEST_CASE(inputs_over_the_size_limit_are_findings) {
  Config config;
  config.max_input_bytes = 200;
  Engine engine(config);
  engine.set_jobs(1);
  const Report r = engine.check_texts(
      {{"big.yaml", kPod + std::string(300, '#'), InputFormat::yaml}, {"small.yaml", kPod, InputFormat::yaml}});
  BOOST_TEST(r.summary.files == 2U);
  BOOST_TEST(r.summary.objects == 1U);
  const auto big = of_rule(r, "yaml-syntax");
  BOOST_REQUIRE_EQUAL(big.size(), 1U);
  BOOST_TEST(big[0]->file == "big.yaml");
  BOOST_TEST(big[0]->line == 1U);
  BOOST_TEST(big[0]->message ==
             "the input is 426 bytes, larger than the limit of 200 bytes; it was not checked (raise the limit "
             "with maxInputSize or --max-input-size)");
  BOOST_TEST(r.errors.empty());
}

BOOST_AUTO_TEST_CASE(input_size_limits_parse) {
  BOOST_TEST(parse_input_size("512Mi").value_or(0) == 512ULL << 20);
  BOOST_TEST(parse_input_size("1000").value_or(0) == 1000U);
  BOOST_TEST(parse_input_size("2G").value_or(0) == 2'000'000'000ULL);
  for (const char* bad : {"0", "-1", "2Gi", "lots", ""}) BOOST_TEST(!parse_input_size(bad), bad);
  BOOST_TEST(config_of("maxInputSize: 64Mi\n").max_input_bytes == 64ULL << 20);
  BOOST_CHECK_THROW((void)config_of("maxInputSize: [1]\n"), ConfigError);
}

BOOST_AUTO_TEST_CASE(cancelled_runs_stop) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += kPod + "---\n";
  std::atomic<bool> cancel{true};
  Engine engine;
  engine.set_cancel_flag(&cancel);
  BOOST_CHECK_THROW((void)engine.check_texts({{"many.yaml", text, InputFormat::yaml}}), Cancelled);
  cancel = false;
  BOOST_TEST(engine.check_texts({{"many.yaml", text, InputFormat::yaml}}).summary.objects == 2000U);
}

BOOST_AUTO_TEST_CASE(output_path_checks) {
  TempDir dir;
  const auto input = (dir.path / "pod.yaml").string();
  std::ofstream(input) << kPod;
  std::string err;
  BOOST_TEST(run_cli({"check", "--no-config", "-o", input, input}, nullptr, &err) == 2);
  BOOST_TEST(err.find("it is one of the inputs") != std::string::npos, err);
  std::ifstream in(input);
  const std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BOOST_TEST(after == kPod);
  BOOST_TEST(
      run_cli({"check", "--no-config", "-o", (dir.path / "r.json").string(), dir.path.string()}, nullptr, &err) == 2);
  BOOST_TEST(err.find("would be read as a manifest") != std::string::npos, err);
  const auto report = (dir.path / "report.txt").string();
  BOOST_TEST(run_cli({"check", "--no-config", "-o", report, dir.path.string()}) == 0);
  BOOST_TEST(std::filesystem::file_size(report) > 0U);
  BOOST_TEST(run_cli({"check", "--no-config", "--only", "nope", "-o", report, dir.path.string()}) == 2);
  BOOST_TEST(std::filesystem::file_size(report) > 0U);  // the old report stays
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++entries;
  BOOST_TEST(entries == 2U);  // no temporary file left behind
}

BOOST_AUTO_TEST_SUITE_END()
