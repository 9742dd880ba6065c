// The YAML front ends a run can parse with: yaml-cpp, and libfyaml where the build has it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace shipshape {

/// Which YAML parser builds the document trees. Both build the same tree, so rules and reports
/// do not depend on the choice (docs/parsers.md lists the few inputs where the parsers disagree).
/// JSON files are always read by RapidJSON.
enum class Parser : std::uint8_t {
  automatic,  ///< libfyaml when this build has it, yaml-cpp otherwise
  yaml_cpp,   ///< yaml-cpp, always built
  libfyaml,   ///< libfyaml, about five times faster; optional at build time
};

/// The name used on the command line, in the configuration and in Python: `auto`, `yaml-cpp`,
/// `libfyaml`.
[[nodiscard]] std::string_view parser_name(Parser parser) noexcept;
/// The parser a name designates (the names of parser_name()), or nothing.
[[nodiscard]] std::optional<Parser> parser_from_name(std::string_view name) noexcept;
/// Whether this build can parse with `parser` (`automatic` and `yaml_cpp` always can).
[[nodiscard]] bool parser_available(Parser parser) noexcept;
/// The front end that `parser` runs in this build: `automatic` becomes a concrete parser.
[[nodiscard]] Parser resolve_parser(Parser parser) noexcept;

}  // namespace shipshape
