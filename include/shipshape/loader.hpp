// Loading: finding input files and parsing them into document trees.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/finding.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// Bounds that keep hostile input from exhausting time or memory.
struct ParseLimits {
  std::uint32_t max_depth = 256;                    // nesting of mappings and sequences
  std::uint64_t max_alias_expansion = 1'000'000;    // nodes a document expands to via aliases
  std::uint64_t max_file_bytes = 2'000'000'000ULL;  // larger inputs are refused
};

/// One parsed document.
struct Document {
  std::shared_ptr<const Tree> tree;
  Value root;                    // absent for an empty document
  std::uint32_t index = 0;       // 0-based position in its source
  std::string_view helm_source;  // path from a `# Source: path` comment before the document
};

/// A problem found while loading, before or while building objects. It becomes a finding of
/// `rule` (`yaml-syntax` or `manifest-invalid`).
struct Problem {
  std::string rule;
  std::shared_ptr<const SourceText> source;
  std::uint32_t offset = 0;
  std::uint32_t document = 0;
  std::string message;
  ObjectRef object;  // when the problem belongs to an object
  std::string path;  // field path, when known
};

struct ParseResult {
  std::vector<Document> documents;
  std::vector<Problem> problems;
};

enum class InputFormat : std::uint8_t { yaml, json };

/// Parses a whole source (a multi-document YAML stream, or one JSON value).
[[nodiscard]] ParseResult parse(const std::shared_ptr<const SourceText>& source, InputFormat format,
                                const ParseLimits& limits = {});

/// Parses the YAML documents in bytes [begin, end) of a source, which must start at a
/// document boundary. Documents are numbered from `first_document`.
[[nodiscard]] ParseResult parse_yaml_range(const std::shared_ptr<const SourceText>& source, std::uint32_t begin,
                                           std::uint32_t end, std::uint32_t first_document,
                                           const ParseLimits& limits = {});

/// Byte ranges of whole documents, each about `target_bytes` long or less (a single larger
/// document is one range), for parsing a big stream in parallel. Each range reports how many
/// document separators precede it so that document numbers stay global.
struct DocumentRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t first_document = 0;
};
[[nodiscard]] std::vector<DocumentRange> split_documents(std::string_view text, std::size_t target_bytes);

/// The format a file name suggests: `.json` is JSON, anything else YAML.
[[nodiscard]] InputFormat format_for(std::string_view name) noexcept;

/// A path that could not be read, and why.
struct InputError {
  std::string path;
  std::string message;
};

/// Expands the paths a user gave: files as they are, directories recursively (`.yaml`, `.yml`,
/// `.json`; hidden entries skipped unless named), `-` for standard input. The order is
/// deterministic: arguments in order, directory contents sorted by path.
struct InputFiles {
  std::vector<std::string> files;
  std::vector<InputError> errors;
};
[[nodiscard]] InputFiles collect_inputs(const std::vector<std::string>& paths);

/// Thrown by read_input for an input larger than the limit, before it is read whole.
class InputTooLarge : public std::runtime_error {
 public:
  /// `size` is the input's size, or 0 when it is not known (standard input, read up to the limit).
  InputTooLarge(std::uint64_t size, std::uint64_t limit);
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t limit() const noexcept { return limit_; }

 private:
  std::uint64_t size_;
  std::uint64_t limit_;
};

/// Reads a file (or stdin for `-`) whole, stdin in pieces so that no more than `max_bytes`
/// (plus one piece) is ever held. Throws InputTooLarge past the limit and std::runtime_error
/// with the reason when the input cannot be read.
[[nodiscard]] std::string read_input(const std::string& path, std::uint64_t max_bytes);

}  // namespace shipshape
