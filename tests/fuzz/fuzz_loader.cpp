// Fuzz target: the loader alone. Any bytes as JSON and as YAML through each YAML front end the
// build has, then every node of every tree is visited; a YAML stream parsed in ranges must give
// the documents the whole parse gives.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_common.hpp"
#include "internal.hpp"
#include "parse.hpp"
#include "shipshape/loader.hpp"

namespace {

std::size_t visit(shipshape::Value v, int depth) {
  if (!v || depth > 300) return 0;
  std::size_t n = 1;
  (void)v.position();
  if (v.is_scalar()) {
    (void)v.str();
    (void)v.as_int();
    (void)v.as_double();
    (void)v.as_bool();
    (void)v.scalar_type();
  } else if (v.is_sequence()) {
    for (shipshape::Value item : v.items()) n += visit(item, depth + 1);
  } else if (v.is_mapping()) {
    for (const shipshape::Entry e : v.entries()) {
      n += visit(e.key, depth + 1);
      n += visit(e.value, depth + 1);
      if (e.key.is_scalar() && !v[e.key.str()]) fuzz::fail("a key of a mapping does not find its value");
    }
  }
  return n;
}

void check_positions(const shipshape::ParseResult& parsed) {
  for (const auto& p : parsed.problems) {
    if (!p.source || p.offset > p.source->text().size()) fuzz::fail("a problem points outside its source");
    if (p.message.empty()) fuzz::fail("a problem without a message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto source = std::make_shared<shipshape::SourceText>("fuzz", shipshape::normalize_encoding(std::move(bytes)));
  const shipshape::ParseResult json = shipshape::parse(source, shipshape::InputFormat::json);
  check_positions(json);
  for (const auto& doc : json.documents) visit(doc.root, 0);
  for (const auto parser : {shipshape::Parser::yaml_cpp, shipshape::Parser::libfyaml}) {
    if (!shipshape::parser_available(parser)) continue;
    const shipshape::ParseResult parsed = shipshape::parse(source, shipshape::InputFormat::yaml, {}, parser);
    check_positions(parsed);
    for (const auto& doc : parsed.documents) visit(doc.root, 0);
  }
  // Ranges: the split the engine uses for big streams, here with a tiny target size.
  const std::string_view text = source->text();
  if (text.find('\0') == std::string_view::npos && text.substr(0, 3) != "\xEF\xBB\xBF") {
    const auto ranges = shipshape::split_documents(text, 16);
    std::uint32_t previous_end = 0;
    for (const auto& r : ranges) {
      if (r.begin != previous_end || r.end < r.begin || r.end > text.size()) fuzz::fail("ranges do not tile the text");
      previous_end = r.end;
      for (const auto parser : {shipshape::Parser::yaml_cpp, shipshape::Parser::libfyaml}) {
        if (!shipshape::parser_available(parser)) continue;
        const auto parsed = shipshape::parse_yaml_range(source, r.begin, r.end, r.first_document, {}, parser);
        check_positions(parsed);
        for (const auto& doc : parsed.documents) visit(doc.root, 0);
      }
    }
    if (previous_end != text.size()) fuzz::fail("ranges do not cover the text");
  }
  return 0;
}
