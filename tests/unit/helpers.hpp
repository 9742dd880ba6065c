// Small helpers shared by the unit tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

// The parser and the Resource builder are internal: the tests reach them through src/.
#include "parse.hpp"
#include "resource_builder.hpp"
#include "shipshape/shipshape.hpp"

namespace shipshape::test {

/// Parses YAML text into documents (kept alive by the returned result).
inline ParseResult parse_text(const std::string& text, const std::string& name = "test.yaml",
                              Parser parser = Parser::automatic) {
  auto source = std::make_shared<SourceText>(name, text);
  return parse(source, format_for(name), {}, parser);
}

/// The YAML parsers of this build, for tests that run under each.
inline std::vector<Parser> parsers() {
  std::vector<Parser> out;
  for (const Parser p : {Parser::yaml_cpp, Parser::libfyaml}) {
    if (parser_available(p)) out.push_back(p);
  }
  return out;
}

/// Runs only `rules` over `text` and returns the report.
inline Report check_only(const std::string& text, std::vector<std::string> rules, Config config = {}) {
  config.only = std::move(rules);
  Engine engine(std::move(config));
  engine.set_jobs(1);
  return engine.check_texts({{"test.yaml", text, InputFormat::yaml}});
}

/// The rule ids of a report's findings, in order.
inline std::vector<std::string> rule_ids(const Report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.rule);
  return out;
}

}  // namespace shipshape::test
