// The two YAML front ends: choosing one, the trees they agree on, and the documented inputs where
// they disagree (docs/parsers.md), each pinned with what each parser does.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "helpers.hpp"

using namespace shipshape;

namespace {

ParseResult parse_with(Parser parser, const std::string& text, const std::string& name = "test.yaml") {
  return parse(std::make_shared<const SourceText>(name, text), format_for(name), {}, parser);
}

std::vector<Parser> built_parsers() {
  std::vector<Parser> out;
  for (const Parser p : {Parser::yaml_cpp, Parser::libfyaml}) {
    if (parser_available(p)) out.push_back(p);
  }
  return out;
}

/// The problems of a parse, as "line:column message" strings.
std::vector<std::string> problems(const ParseResult& r) {
  std::vector<std::string> out;
  for (const Problem& p : r.problems) {
    const Position at = p.source->position(p.offset);
    out.push_back(fmt::format("{}:{} {}", at.line, at.column, p.message));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parsers)

BOOST_AUTO_TEST_CASE(names_and_availability) {
  BOOST_TEST(parser_name(Parser::automatic) == "auto");
  BOOST_TEST(parser_name(Parser::yaml_cpp) == "yaml-cpp");
  BOOST_TEST(parser_name(Parser::libfyaml) == "libfyaml");
  for (const Parser p : {Parser::automatic, Parser::yaml_cpp, Parser::libfyaml}) {
    BOOST_TEST((parser_from_name(parser_name(p)) == p));
  }
  BOOST_TEST(!parser_from_name("libyaml").has_value());
  BOOST_TEST(parser_available(Parser::yaml_cpp));
  BOOST_TEST(parser_available(Parser::automatic));
  // automatic is the faster parser when the build has it.
  BOOST_TEST((resolve_parser(Parser::automatic) ==
              (parser_available(Parser::libfyaml) ? Parser::libfyaml : Parser::yaml_cpp)));
  BOOST_TEST((resolve_parser(Parser::yaml_cpp) == Parser::yaml_cpp));
}

BOOST_AUTO_TEST_CASE(the_configuration_and_the_command_line_choose_the_parser) {
  BOOST_TEST((Config::parse("parser: yaml-cpp\n").parser == Parser::yaml_cpp));
  BOOST_TEST((Config::parse("namespace: x\n").parser == Parser::automatic));
  try {
    (void)Config::parse("parser: libyaml\n", "cfg.yaml");
    BOOST_ERROR("an unknown parser was accepted");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()) == "cfg.yaml:1:9: parser \"libyaml\" is not one of auto, yaml-cpp, libfyaml");
  }
  std::ostringstream out;
  std::ostringstream err;
  const int code = cli::run({"check", "--parser", "bogus", "x.yaml"}, {out, err, false});
  BOOST_TEST(code == 2);
  BOOST_TEST(err.str().find("--parser takes auto, libfyaml or yaml-cpp, not \"bogus\"") != std::string::npos);
  std::ostringstream version;
  BOOST_TEST(cli::run({"--version"}, {version, err, false}) == 0);
  BOOST_TEST(version.str().find(fmt::format("YAML parsers: {} (default)",
                                            parser_name(resolve_parser(Parser::automatic)))) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_engine_refuses_a_parser_the_build_lacks) {
  if (parser_available(Parser::libfyaml)) return;  // nothing to refuse in this build
  Config config;
  config.parser = Parser::libfyaml;
  BOOST_CHECK_THROW(Engine{config}, ConfigError);
  BOOST_CHECK_THROW((void)parse_with(Parser::libfyaml, "a: 1\n"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(both_parsers_place_nodes_alike) {
  const std::string text =
      "a: {b: , c: [1, &x two, *x], d: }\n"  // empty flow values sit at the next token
      "e:\n"                                 // an empty value sits at the next key
      "f: !!str 5\n"                         // a tagged node starts at its tag
      "g: &y |\n  text\n"                    // an anchored one at its anchor
      "h: >-\n  folded\n"                    // a block scalar at its indicator
      "i: \"q\"\n"                           // a quoted scalar at its quote
      "j:\n-\n-\n- last\n";                  // an empty item at the next dash
  for (const Parser p : built_parsers()) {
    BOOST_TEST_CONTEXT(parser_name(p)) {
      const ParseResult r = parse_with(p, text);
      BOOST_TEST_REQUIRE(r.problems.empty());
      const Value root = r.documents.at(0).root;
      auto at = [](Value v) { return fmt::format("{}:{}", v.position().line, v.position().column); };
      BOOST_TEST(at(root["a"]["b"]) == "1:8");
      BOOST_TEST(root["a"]["b"].is_null());
      BOOST_TEST(at(root["a"]["c"][1]) == "1:17");
      BOOST_TEST(at(root["a"]["c"][2]) == "1:25");
      BOOST_TEST(at(root["a"]["d"]) == "1:33");
      BOOST_TEST(at(root["e"]) == "3:1");
      BOOST_TEST(at(root["f"]) == "3:4");
      BOOST_TEST(root["f"].is_string());
      BOOST_TEST(at(root["g"]) == "4:4");
      BOOST_TEST(root["g"].str() == "text\n");
      BOOST_TEST(at(root["h"]) == "6:4");
      BOOST_TEST(at(root["i"]) == "8:4");
      BOOST_TEST(at(root["j"][0]) == "11:1");
      BOOST_TEST(at(root["j"][1]) == "12:1");
      BOOST_TEST(root["j"][1].is_null());
      BOOST_TEST(at(root["j"][2]) == "12:3");
    }
  }
}

BOOST_AUTO_TEST_CASE(libfyaml_bugs_are_worked_around) {
  const std::vector<std::pair<std::string, std::string>> cases{
      // multi-line single-quoted strings with '' (libfyaml 0.7 adds a quote, drops the end)
      {"r: 'a == ''''\n  x'\n", "a == '' x"},
      // a block scalar at the end of input without a final line break
      {"r: |\n  x", "x"},
      {"r: >\n  a\n  b", "a b"},
      // an empty block scalar at the end of input (libfyaml 0.7: a NUL byte)
      {"r: |\n", ""},
  };
  for (const Parser p : built_parsers()) {
    for (const auto& [text, value] : cases) {
      BOOST_TEST_CONTEXT(parser_name(p) << ": " << text) {
        const ParseResult r = parse_with(p, text);
        BOOST_TEST_REQUIRE(r.problems.empty());
        BOOST_TEST(r.documents.at(0).root["r"].str() == value);
      }
    }
    BOOST_TEST_CONTEXT(parser_name(p)) {
      // The empty last item of a sequence indented like its key, then an empty block scalar
      // followed by a sibling key: libfyaml 0.7 refuses the first and swallows the key in the
      // second; both documents are read again by yaml-cpp.
      const ParseResult r = parse_with(p, "k:\n-\n---\na: |\nb: 1\n---\nc: 2\n");
      BOOST_TEST(r.problems.empty());
      BOOST_TEST_REQUIRE(r.documents.size() == 3U);
      BOOST_TEST(r.documents[0].root["k"].size() == 1U);
      BOOST_TEST(r.documents[1].root["a"].str() == "");
      BOOST_TEST(r.documents[1].root["b"].str() == "1");
      BOOST_TEST(r.documents[2].index == 2U);
    }
  }
}

// --- Documented differences ------------------------------------------------------------------
// Each input below is read differently by the two parsers. libfyaml follows YAML 1.2 (and, where
// it refuses input, kubectl refuses it too); yaml-cpp's readings are kept as they are.

BOOST_AUTO_TEST_CASE(same_cr_line_breaks) {
  // SourceText turns a lone CR into LF before either parser sees it (YAML 1.2, 5.4).
  for (const Parser p : {Parser::yaml_cpp, Parser::libfyaml}) {
    if (!parser_available(p)) continue;
    const ParseResult r = parse_with(p, "a: 1\rb: 2\r");
    BOOST_TEST(r.problems.empty());
    BOOST_TEST(r.documents.at(0).root["b"].str() == "2");
    BOOST_TEST(r.documents.at(0).root["b"].position().line == 2U);
  }
}

BOOST_AUTO_TEST_CASE(difference_folded_scalar_keeping_trailing_lines) {
  const std::string text = "a: >+\n  x\n\nb: 1\n";
  BOOST_TEST(parse_with(Parser::yaml_cpp, text).documents.at(0).root["a"].str() == "x\n");
  if (!parser_available(Parser::libfyaml)) return;
  BOOST_TEST(parse_with(Parser::libfyaml, text).documents.at(0).root["a"].str() == "x\n\n");
}

BOOST_AUTO_TEST_CASE(difference_escaped_next_line_and_no_break_space) {
  const std::string text = "a: \"\\N\\_\"\n";
  BOOST_TEST(parse_with(Parser::yaml_cpp, text).documents.at(0).root["a"].str() == "\x85\xA0");
  if (!parser_available(Parser::libfyaml)) return;
  BOOST_TEST(parse_with(Parser::libfyaml, text).documents.at(0).root["a"].str() == "\xC2\x85\xC2\xA0");
}

BOOST_AUTO_TEST_CASE(difference_document_without_separator) {
  // A mapping right after a top-level sequence, without `---`: yaml-cpp starts a second document.
  const std::string text = "- a\nk: v\n";
  const ParseResult y = parse_with(Parser::yaml_cpp, text);
  BOOST_TEST(y.problems.empty());
  BOOST_TEST(y.documents.size() == 2U);
  if (!parser_available(Parser::libfyaml)) return;
  const ParseResult f = parse_with(Parser::libfyaml, text);
  BOOST_TEST(problems(f) == std::vector<std::string>{"2:1 invalid scalar at the end of block sequence"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(difference_over_indented_blank_line_before_block_content) {
  // A blank first line indented more than the comment that follows: yaml-cpp ends the (empty)
  // block scalar there and skips the comment; libfyaml refuses the document.
  const std::string text = "a: |\n    \n  #c\nb: 1\n";
  const ParseResult y = parse_with(Parser::yaml_cpp, text);
  BOOST_TEST(y.problems.empty());
  BOOST_TEST(y.documents.at(0).root["a"].str() == "");
  BOOST_TEST(y.documents.at(0).root["b"].str() == "1");
  if (!parser_available(Parser::libfyaml)) return;
  const ParseResult f = parse_with(Parser::libfyaml, text);
  BOOST_TEST_REQUIRE(f.problems.size() == 1U);
  BOOST_TEST(f.problems[0].message == "empty block scalar with wrongly indented comment line after spaces only");
}

BOOST_AUTO_TEST_CASE(same_malformed_utf8) {
  // SourceText replaces invalid UTF-8 with U+FFFD before either parser sees it, and the document
  // loop reports one problem per document at the first replacement: both parsers read the same.
  for (const Parser p : {Parser::yaml_cpp, Parser::libfyaml}) {
    if (!parser_available(p)) continue;
    BOOST_TEST_CONTEXT(parser_name(p)) {
      const ParseResult q = parse_with(p, "a: \"\xff\"\n---\nb: 1\n");
      BOOST_TEST(
          problems(q) ==
              std::vector<std::string>{
                  "1:5 the text is not valid UTF-8 here (1 invalid byte sequence in this document, read as U+FFFD)"},
          boost::test_tools::per_element());
      BOOST_TEST(q.documents.at(0).root["a"].str() == "\xEF\xBF\xBD");
      BOOST_TEST(q.documents.at(1).root["b"].str() == "1");
      const ParseResult o = parse_with(p, "a: 1\nb: \"2\"\n\xff\xfe: 3\n---\nc: 4\n");
      BOOST_TEST(
          problems(o) ==
              std::vector<std::string>{
                  "3:1 the text is not valid UTF-8 here (2 invalid byte sequences in this document, read as U+FFFD)"},
          boost::test_tools::per_element());
      BOOST_TEST(o.documents.at(0).root.size() == 3U);
      BOOST_TEST(o.documents.back().root["c"].str() == "4");
    }
  }
}

BOOST_AUTO_TEST_CASE(difference_nul_byte_after_the_first_8_kb) {
  std::string text = "a: 1\n---\n";
  for (int i = 0; i < 600; ++i) text += fmt::format("key{}: value\n", i);
  const auto nul = static_cast<std::uint32_t>(text.size() + 4);
  text += "b: x";
  text.push_back('\0');
  text += "y\n---\nc: 2\n";
  const ParseResult y = parse_with(Parser::yaml_cpp, text);
  BOOST_TEST_REQUIRE(y.problems.size() == 1U);
  BOOST_TEST(y.problems[0].message == "unknown escape character: y");
  if (!parser_available(Parser::libfyaml)) return;
  const ParseResult f = parse_with(Parser::libfyaml, text);
  BOOST_TEST_REQUIRE(f.problems.size() == 1U);
  BOOST_TEST(f.problems[0].offset == nul);
  BOOST_TEST(f.problems[0].message.find("a NUL byte") != std::string::npos);
  BOOST_TEST(f.documents.back().root["c"].str() == "2");  // reading goes on after it
}

// Hostile input through each front end: a clear yaml-syntax finding with file and line, the
// next file still checked, never a crash.

BOOST_AUTO_TEST_CASE(malformed_yaml_is_a_finding_with_file_and_line_and_the_run_goes_on) {
  const std::string broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {x: [1, 2}\n";
  const std::string good = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n";
  for (const Parser parser : built_parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      Config config;
      config.parser = parser;
      config.only = {"yaml-syntax"};
      Engine engine(config);
      const Report report =
          engine.check_texts({{"broken.yaml", broken, InputFormat::yaml}, {"good.yaml", good, InputFormat::yaml}});
      BOOST_REQUIRE_EQUAL(report.findings.size(), 1U);
      const Finding& f = report.findings[0];
      BOOST_TEST(f.rule == "yaml-syntax");
      BOOST_TEST(f.file == "broken.yaml");
      BOOST_TEST(f.line == 5U);
      BOOST_TEST(!f.message.empty());
      BOOST_TEST(report.summary.objects == 1U);  // good.yaml was read
    }
  }
}

BOOST_AUTO_TEST_CASE(huge_scalars_are_read_whole_by_both_parsers) {
  const std::string big(std::size_t{4} << 20U, 'x');
  std::string literal_text = "a: |\n";
  for (int i = 0; i < 20000; ++i) literal_text += "  " + std::string(200, static_cast<char>('a' + i % 26)) + "\n";
  const std::string quoted = "a: \"" + std::string(std::size_t{1} << 20U, 'q') + "\\n\n  " + big + "\"\n";
  const std::string& literal = literal_text;
  for (const std::string* text : {&literal, &quoted}) {
    const ParseResult a = parse_with(Parser::yaml_cpp, *text);
    BOOST_REQUIRE(a.problems.empty());
    BOOST_REQUIRE_EQUAL(a.documents.size(), 1U);
    for (const Parser parser : built_parsers()) {
      BOOST_TEST_CONTEXT(parser_name(parser)) {
        const ParseResult b = parse_with(parser, *text);
        BOOST_TEST(b.problems.empty());
        BOOST_REQUIRE_EQUAL(b.documents.size(), 1U);
        BOOST_TEST(b.documents[0].root["a"].str().size() == a.documents[0].root["a"].str().size());
        BOOST_TEST((b.documents[0].root["a"].str() == a.documents[0].root["a"].str()));
      }
    }
  }
  for (const Parser parser : built_parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      const ParseResult r = parse_with(parser, "k: " + big + "\n");
      BOOST_TEST(r.problems.empty());
      BOOST_REQUIRE_EQUAL(r.documents.size(), 1U);
      BOOST_TEST(r.documents[0].root["k"].str().size() == big.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(junk_and_truncated_input_never_crash) {
  // Printable and control bytes without NUL (which both refuse up front as binary data).
  std::string junk;
  std::uint32_t seed = 12345;
  for (int i = 0; i < 20000; ++i) {
    seed = seed * 1103515245U + 12345U;
    junk.push_back(static_cast<char>(1U + (seed >> 16U) % 255U));
  }
  const std::string manifest =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n"
      "  template:\n    spec:\n      containers:\n        - name: web\n          image: \"nginx:1\"\n"
      "          args: [\"--a\", 'b''c']\n          command: >-\n            run\n            fast\n";
  for (const Parser parser : built_parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      const ParseResult r = parse_with(parser, junk);
      BOOST_TEST(r.documents.size() + r.problems.size() >= 1U);
      for (const Problem& p : r.problems) BOOST_TEST(p.offset <= junk.size());
      for (std::size_t cut = 0; cut <= manifest.size(); ++cut) {
        const ParseResult t = parse_with(parser, manifest.substr(0, cut));
        for (const Problem& p : t.problems) BOOST_TEST(p.offset <= cut);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
