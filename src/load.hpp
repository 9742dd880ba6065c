// The loader's two stages, as the engine runs them: read the sources, then parse them and build
// the Resources. Not part of the public API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parallel.hpp"
#include "problem.hpp"
#include "resource_builder.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/parser.hpp"
#include "shipshape/resource.hpp"

namespace shipshape {

/// A readable input: its text (named as reports show it) and its format.
struct Source {
  std::shared_ptr<const SourceText> text;
  InputFormat format = InputFormat::yaml;
  /// When set, the input was not read (larger than Config::max_input_bytes): `text` is empty and
  /// this is the one yaml-syntax problem reported for it.
  std::string refused;
};

/// What reading the inputs gave: the readable sources in run order (a source's position is its
/// file index) and the paths that could not be read.
struct Sources {
  std::vector<Source> files;
  std::vector<InputError> errors;
};

/// Reads the files and directories in `paths` (`-` is standard input, whose format is sniffed)
/// on up to `jobs` threads, then adds `texts`. Inputs larger than `max_bytes` are not read but
/// kept as refused sources. A file named in `replaced` is not read: that text is used instead.
/// Stops early when `cancel` is raised (the caller then throws).
[[nodiscard]] Sources read_sources(const std::vector<std::string>& paths, std::vector<TextInput> texts,
                                   const ReplacedFiles& replaced, std::uint64_t max_bytes, unsigned jobs,
                                   const CancelFlag& cancel);

/// An input problem, with where it is and the object it belongs to.
struct LoadedProblem {
  static constexpr std::uint32_t kNoObject = 0xFFFFFFFFU;
  Problem problem;
  std::uint32_t file_index = 0;
  std::uint32_t object = kNoObject;  // position in Loaded::resources, or kNoObject
};

/// Every object of a run, in input order (a Resource's id is its position), and the problems.
struct Loaded {
  std::vector<Resource> resources;
  std::vector<LoadedProblem> problems;
  std::uint32_t documents = 0;
  std::uint32_t skipped_documents = 0;
};

/// Parses the sources and builds their Resources on up to `jobs` threads. Big YAML streams are
/// parsed in ranges whatever `jobs` is, so the result does not depend on it. YAML goes through
/// `parser` (see shipshape/parser.hpp).
[[nodiscard]] Loaded load(const std::vector<Source>& sources, const ResourceBuilder& builder, unsigned jobs,
                          Parser parser, const CancelFlag& cancel);

}  // namespace shipshape
