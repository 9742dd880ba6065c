// Application scope: which application each object of a run belongs to. Not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load.hpp"
#include "shipshape/resource.hpp"

namespace shipshape {

/// Sets the application of every object (Resource::application). A file read from `paths`
/// belongs to the nearest directory at or above it, and not above the argument it was found
/// through, that is an application root (RootRules); texts, standard input and files under no such
/// directory belong to application 0. A kustomization (in an application root) whose
/// `resources`, `bases` or `components` name a directory or file of another application of the
/// run joins the two: an overlay and its base are one application. `path_sources` is how many
/// of `sources` (the first ones) were read from `paths`. Returns the number of applications
/// other than 0.
/// Where application roots are: directories holding one of `markers`, and directories whose path
/// relative to `base` (empty: the working directory) matches one of `patterns`.
struct RootRules {
  std::vector<std::string> markers;
  std::vector<std::string> patterns;
  std::string base;
};

std::uint32_t assign_applications(const std::vector<std::string>& paths, const std::vector<Source>& sources,
                                  std::size_t path_sources, const RootRules& rules, std::vector<Resource>& resources);

}  // namespace shipshape
