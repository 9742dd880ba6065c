// The parser behind the loader: YAML streams and JSON values into document trees. Not part of
// the public API (no parser type appears in a public header).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "problem.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/parser.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// Bounds that keep hostile input from exhausting time or memory.
struct ParseLimits {
  std::uint32_t max_depth = 256;                  // nesting of mappings and sequences
  std::uint64_t max_alias_expansion = 1'000'000;  // nodes a document expands to via aliases
};

/// One parsed document.
struct Document {
  std::shared_ptr<const Tree> tree;
  Value root;                    // absent for an empty document
  std::uint32_t index = 0;       // 0-based position in its source
  std::string_view helm_source;  // path from a `# Source: path` comment before the document
};

struct ParseResult {
  std::vector<Document> documents;
  std::vector<Problem> problems;
};

/// Parses a whole source (a multi-document YAML stream, or one JSON value). YAML goes through
/// `parser`; throws std::invalid_argument when this build does not have it.
[[nodiscard]] ParseResult parse(const std::shared_ptr<const SourceText>& source, InputFormat format,
                                const ParseLimits& limits = {}, Parser parser = Parser::automatic);

/// Parses the YAML documents in bytes [begin, end) of a source, which must start at a
/// document boundary. Documents are numbered from `first_document`.
[[nodiscard]] ParseResult parse_yaml_range(const std::shared_ptr<const SourceText>& source, std::uint32_t begin,
                                           std::uint32_t end, std::uint32_t first_document,
                                           const ParseLimits& limits = {}, Parser parser = Parser::automatic);

/// Byte ranges of whole documents, each about `target_bytes` long or less (a single larger
/// document is one range), for parsing a big stream in parallel. Each range reports how many
/// document separators precede it so that document numbers stay global.
struct DocumentRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t first_document = 0;
};
[[nodiscard]] std::vector<DocumentRange> split_documents(std::string_view text, std::size_t target_bytes);

}  // namespace shipshape
