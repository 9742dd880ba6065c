// Problems the loader finds in the input, typed by the built-in rule that reports them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "shipshape/finding.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// What kind of input problem: each kind is reported by one built-in rule (rules::InputRule).
enum class ProblemKind : std::uint8_t {
  yaml_syntax,       // text that is not valid YAML or JSON (reported by yaml-syntax)
  manifest_invalid,  // an object without identity, or a known field of the wrong type (manifest-invalid)
};

/// A problem found while loading, before or while building objects.
struct Problem {
  ProblemKind kind = ProblemKind::yaml_syntax;
  std::shared_ptr<const SourceText> source;
  std::uint32_t offset = 0;
  std::uint32_t document = 0;
  std::string message;
  ObjectRef object;  // when the problem belongs to an object
  std::string path;  // field path, when known
};

}  // namespace shipshape
