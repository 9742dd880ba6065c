// Parsing: documents, recovery after errors, limits, aliases, merge keys, JSON, Helm sources;
// the YAML cases run under each parser of the build.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "helpers.hpp"

using namespace shipshape;

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(multi_document_stream) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text("---\na: 1\n---\n---\nb: 2\n...\n---\nc: 3\n", "test.yaml", parser);
      std::string seen;
      for (const auto& d : parsed.documents) {
        if (d.root.is_mapping()) seen += std::string(d.root.entries().begin().operator*().key.str());
      }
      BOOST_TEST(seen == "abc");
      BOOST_TEST(parsed.problems.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(syntax_error_reports_position_and_parsing_resumes) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      const std::string text = "a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n";
      auto parsed = test::parse_text(text, "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      const auto& p = parsed.problems[0];
      BOOST_TEST((p.kind == ProblemKind::yaml_syntax));
      const Position pos = p.source->position(p.offset);
      BOOST_TEST(pos.line >= 3U);
      BOOST_TEST(pos.line <= 5U);
      BOOST_TEST(!p.message.empty());
      // The documents before and after the broken one are still there.
      bool a = false;
      bool d = false;
      for (const auto& doc : parsed.documents) {
        if (doc.root["a"]) a = true;
        if (doc.root["d"]) d = true;
      }
      BOOST_TEST(a);
      BOOST_TEST(d);
    }
  }
}

BOOST_AUTO_TEST_CASE(unterminated_quote_is_an_error_not_a_crash) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text("a: \"never closed\nb: 2\n", "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST((parsed.problems[0].kind == ProblemKind::yaml_syntax));
    }
  }
}

BOOST_AUTO_TEST_CASE(stray_tokens_do_not_hang_the_parser) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      // yaml-cpp 0.7 reports empty documents forever on these without consuming input.
      for (const char* text : {",\n", "a: 1\n---\n,\n---\nb: 2\n", "- !+(.,.)\n", "x: {a: 1}\n}\n"}) {
        auto parsed = test::parse_text(text, "test.yaml", parser);
        BOOST_CHECK_MESSAGE(parsed.documents.size() < 10U, "too many documents for: " << text);
      }
      auto parsed = test::parse_text("a: 1\n---\n,\n---\nb: 2\n", "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST(parsed.problems[0].source->position(parsed.problems[0].offset).line == 3U);
      bool b = false;
      for (const auto& d : parsed.documents) b = b || d.root["b"].equals("2");
      BOOST_TEST(b);
    }
  }
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_reported_at_the_second_key) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text("metadata:\n  name: a\n  name: b\n", "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      const auto& p = parsed.problems[0];
      BOOST_TEST(p.message.find("duplicate key \"name\" (first defined at line 2)") != std::string::npos);
      BOOST_TEST(p.source->position(p.offset).line == 3U);
      BOOST_TEST(parsed.documents.at(0).root["metadata"]["name"].str() == "a");
    }
  }
}

BOOST_AUTO_TEST_CASE(duplicate_keys_name_their_own_document) {
  const auto source =
      std::make_shared<const SourceText>("d.yaml", "a: 1\na: 2\n---\nb: 1\n---\nc: 1\nc: 2\n---\nd: 1\n");
  for (const Parser parser : test::parsers()) {
    const ParseResult r = parse(source, InputFormat::yaml, {}, parser);
    BOOST_REQUIRE_EQUAL(r.problems.size(), 2U);
    std::vector<std::uint32_t> documents;
    for (const auto& p : r.problems) documents.push_back(p.document);
    std::sort(documents.begin(), documents.end());
    BOOST_TEST(documents == (std::vector<std::uint32_t>{0, 2}), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(many_keys_find_duplicates_too) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      std::string text;
      for (int i = 0; i < 40; ++i) text += fmt::format("k{}: {}\n", i, i);
      text += "k7: again\n";
      auto parsed = test::parse_text(text, "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST(parsed.problems[0].message.find("\"k7\"") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(anchors_aliases_and_merge_keys) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text(
          "base: &base {cpu: 100m, memory: 64Mi}\n"
          "extra: &extra {memory: 1Gi, gpu: 1}\n"
          "one:\n  <<: *base\n  memory: 128Mi\n"
          "two:\n  <<: [*extra, *base]\n"
          "copy: *base\n",
          "test.yaml", parser);
      BOOST_TEST(parsed.problems.empty());
      const Value root = parsed.documents.at(0).root;
      BOOST_TEST(root["one"]["cpu"].str() == "100m");
      BOOST_TEST(root["one"]["memory"].str() == "128Mi");  // explicit keys win
      BOOST_TEST(root["one"].size() == 2U);
      BOOST_TEST(root["two"]["memory"].str() == "1Gi");  // the first merged mapping wins
      BOOST_TEST(root["two"]["cpu"].str() == "100m");
      BOOST_TEST(root["two"].size() == 3U);
      BOOST_TEST(!root["one"]["<<"]);
      BOOST_TEST(root["copy"]["memory"].str() == "64Mi");
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_merge_value_is_an_error) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text("a:\n  <<: just-a-string\n", "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST(parsed.problems[0].message.find("merge key") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(alias_bomb_is_refused_quickly) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
      char prev = 'a';
      for (char c = 'b'; c <= 'j'; ++c) {
        text += fmt::format("{0}: &{0} [*{1},*{1},*{1},*{1},*{1},*{1},*{1},*{1},*{1}]\n", c, prev);
        prev = c;
      }
      text += "---\nafter: bomb\n";
      auto parsed = test::parse_text(text, "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST(parsed.problems[0].message.find("alias") != std::string::npos);
      // The next document survives.
      bool after = false;
      for (const auto& d : parsed.documents) after = after || d.root["after"].equals("bomb");
      BOOST_TEST(after);
    }
  }
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_stack_overflow) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      std::string text = "a: ";
      for (int i = 0; i < 5000; ++i) text += "[";
      for (int i = 0; i < 5000; ++i) text += "]";
      text += "\n";
      auto parsed = test::parse_text(text, "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST(parsed.problems[0].message.find("nesting") != std::string::npos);

      std::string block;
      for (int i = 0; i < 300; ++i) block += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
      auto parsed_block = test::parse_text(block, "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed_block.problems.size(), 1U);
      BOOST_TEST(parsed_block.problems[0].message.find("deeper than 256") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(binary_junk_is_refused) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      std::string junk = "apiVersion: v1\n";
      junk.push_back('\0');
      junk += "\x01\x02\xff\xfe";
      auto parsed = test::parse_text(junk, "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
      BOOST_TEST(parsed.problems[0].message.find("binary") != std::string::npos);
      BOOST_TEST(parsed.problems[0].offset == 15U);
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_does_not_crash) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text("a: \xff\xfe\xfd\nb: \xc3\n", "test.yaml", parser);
      // Either parsed or reported; never a crash.
      BOOST_TEST(parsed.documents.size() + parsed.problems.size() >= 1U);
    }
  }
}

BOOST_AUTO_TEST_CASE(utf8_bom_is_skipped_and_positions_stay_right) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text("\xEF\xBB\xBFkind: Pod\nname: x\n", "test.yaml", parser);
      BOOST_TEST(parsed.problems.empty());
      const Value root = parsed.documents.at(0).root;
      BOOST_TEST(root["kind"].str() == "Pod");
      BOOST_TEST(root["name"].position().line == 2U);
      BOOST_TEST(root["name"].position().column == 7U);
    }
  }
}

BOOST_AUTO_TEST_CASE(helm_source_comments_name_the_template) {
  for (const Parser parser : test::parsers()) {
    BOOST_TEST_CONTEXT(parser_name(parser)) {
      auto parsed = test::parse_text(
          "---\n# Source: chart/templates/service.yaml\napiVersion: v1\nkind: Service\n"
          "---\n# Source: chart/templates/deployment.yaml\n# another comment\napiVersion: apps/v1\nkind: Deployment\n"
          "---\napiVersion: v1\nkind: ConfigMap\n",
          "test.yaml", parser);
      BOOST_REQUIRE_EQUAL(parsed.documents.size(), 3U);
      BOOST_TEST(parsed.documents[0].helm_source == "chart/templates/service.yaml");
      BOOST_TEST(parsed.documents[1].helm_source == "chart/templates/deployment.yaml");
      BOOST_TEST(parsed.documents[2].helm_source.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(json_documents_have_positions) {
  auto parsed = test::parse_text(
      "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"n\": 3, \"b\": true, \"z\": null, \"s\": \"a\\\"b\"}\n}\n", "pod.json");
  BOOST_TEST(parsed.problems.empty());
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["kind"].str() == "Pod");
  BOOST_TEST(root["kind"].position().line == 2U);
  BOOST_TEST(root["kind"].position().column == 11U);
  BOOST_TEST(root["spec"].position().line == 3U);
  BOOST_TEST(root["spec"].position().column == 11U);
  BOOST_TEST(root["spec"]["n"].as_int().value() == 3);
  BOOST_TEST(root["spec"]["b"].is_true());
  BOOST_TEST(root["spec"]["z"].is_null());
  BOOST_TEST(root["spec"]["s"].str() == "a\"b");
  BOOST_TEST(root["spec"]["s"].is_string());
}

BOOST_AUTO_TEST_CASE(json_errors_are_reported) {
  auto parsed = test::parse_text("{\"kind\": \"Pod\",\n \"x\": }\n", "bad.json");
  BOOST_REQUIRE_EQUAL(parsed.problems.size(), 1U);
  BOOST_TEST(parsed.problems[0].message.find("invalid JSON") != std::string::npos);
  BOOST_TEST(parsed.problems[0].source->position(parsed.problems[0].offset).line == 2U);
  std::string deep(100000, '[');
  auto parsed_deep = test::parse_text(deep, "deep.json");
  BOOST_REQUIRE_EQUAL(parsed_deep.problems.size(), 1U);
  BOOST_TEST(parsed_deep.problems[0].message.find("nesting") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(split_documents_keeps_whole_documents) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += fmt::format("---\nkind: ConfigMap\nmetadata: {{name: cm{}}}\n", i);
  const auto ranges = split_documents(text, 500);
  BOOST_TEST(ranges.size() > 3U);
  std::uint32_t expected_begin = 0;
  std::uint32_t documents = 0;
  for (const auto& r : ranges) {
    BOOST_TEST(r.begin == expected_begin);
    BOOST_TEST(text.compare(r.begin, 3, "---") == 0);
    BOOST_TEST(r.first_document == documents);
    auto source = std::make_shared<SourceText>("x", text);
    auto parsed = parse_yaml_range(source, r.begin, r.end, r.first_document);
    BOOST_TEST(parsed.problems.empty());
    for (const auto& d : parsed.documents) {
      BOOST_TEST(d.index == documents);
      BOOST_TEST(d.root["metadata"]["name"].str() == fmt::format("cm{}", documents));
      ++documents;
    }
    expected_begin = r.end;
  }
  BOOST_TEST(documents == 100U);
  BOOST_TEST(expected_begin == text.size());
}

BOOST_AUTO_TEST_CASE(inputs_are_collected_in_a_stable_order) {
  const std::string dir = SHIPSHAPE_SOURCE_DIR "/tests/data/tree";
  const auto inputs = collect_inputs({dir, dir + "/b.yaml", dir + "/missing.yaml"});
  std::vector<std::string> names;
  for (const auto& f : inputs.files) names.push_back(f.substr(dir.size()));
  // Hidden entries (.named, .hidden, .hidden.yaml) are skipped; b.yaml named twice counts once.
  const std::vector<std::string> expected_walk{"/a/x.yml", "/b.yaml", "/c.json"};
  BOOST_TEST(names == expected_walk, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(inputs.errors.size(), 1U);
  BOOST_TEST(inputs.errors[0].path == dir + "/missing.yaml");
  const auto hidden = collect_inputs({dir + "/.named"});
  BOOST_REQUIRE_EQUAL(hidden.files.size(), 1U);
}

BOOST_AUTO_TEST_CASE(utf16_input_is_converted) {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("kind: Pod\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  Engine engine;
  const Report report = engine.check_texts({{"win.yaml", utf16, InputFormat::yaml}});
  BOOST_TEST(report.summary.documents == 1U);
  BOOST_REQUIRE_EQUAL(report.findings.size(), 1U);
  BOOST_TEST(report.findings[0].rule == "manifest-invalid");  // kind without apiVersion: it was read
}

BOOST_AUTO_TEST_SUITE_END()
