// Type checks of the fields rules rely on (problems of kind manifest_invalid).
#pragma once

#include <vector>

#include "parse.hpp"
#include "shipshape/resource.hpp"

namespace shipshape {

/// `a string`, `an integer`, `a list`... for messages about a value of the wrong type.
[[nodiscard]] std::string_view describe_value(Value v);

/// Reports a missing name and known fields of the wrong type (a string where the
/// containers list belongs, a number where an env value must be a string...).
/// `workload_kind` says whether the object's kind should carry a pod template.
void validate_object(const Resource& r, const Document& doc, bool workload_kind, std::vector<Problem>& problems);

}  // namespace shipshape
