// Identity checks of an object (`manifest-invalid`); schemas proper live in src/k8s_api.
#pragma once

#include <vector>

#include "parse.hpp"
#include "shipshape/resource.hpp"

namespace shipshape {

/// `a string`, `an integer`, `a list`... for messages about a value of the wrong type.
[[nodiscard]] std::string_view describe_value(Value v);

/// Reports what keeps a document from being an object at all: metadata that is not a mapping,
/// a missing name. Types and required fields are the schema's (schema-invalid).
void validate_object(const Resource& r, const Document& doc, std::vector<Problem>& problems);

}  // namespace shipshape
