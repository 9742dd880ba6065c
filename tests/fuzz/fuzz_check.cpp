// Fuzz target: any bytes, as YAML and as JSON, through the whole engine with every rule on; each
// report format must come out well-formed whatever the input.
#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "fuzz_common.hpp"
#include "shipshape/shipshape.hpp"

namespace {

shipshape::Engine make_engine() {
  shipshape::Config config;
  for (const shipshape::RuleInfo* r : shipshape::Registry::builtin().infos()) config.enable.push_back(r->id);
  shipshape::Engine engine(config);
  engine.set_jobs(1);
  return engine;
}

void require_json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  if (doc.HasParseError()) fuzz::fail("a report is not valid JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shipshape::Engine engine = make_engine();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const shipshape::Report report = engine.check_texts(
      {{"fuzz.yaml", text, shipshape::InputFormat::yaml}, {"fuzz.json", text, shipshape::InputFormat::json}});
  std::ostringstream json;
  shipshape::write_json(report, json, true);
  require_json(json.str());
  std::ostringstream sarif;
  shipshape::write_sarif(report, sarif);
  require_json(sarif.str());
  std::ostringstream junit;
  shipshape::write_junit(report, junit);
  fuzz::require_clean_text(junit.str(), "\n\t\r\x7f", "the JUnit report");  // XML 1.0 allows DEL
  std::ostringstream plain;
  shipshape::write_text(report, plain, {});
  fuzz::require_clean_text(plain.str(), "\n", "the text report");
  return 0;
}
