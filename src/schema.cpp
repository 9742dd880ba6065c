// Identity checks of an object (manifest-invalid): the parts without which a document is no
// object at all. Everything else is checked against the Kubernetes API schemas (src/k8s_api).
#include "schema.hpp"

#include <string>

#include <fmt/format.h>

namespace shipshape {

std::string_view describe_value(Value v) {
  switch (v.kind()) {
    case NodeKind::null:
      return "null";
    case NodeKind::sequence:
      return "a list";
    case NodeKind::mapping:
      return "a mapping";
    case NodeKind::scalar:
      break;
  }
  switch (v.scalar_type()) {
    case ScalarType::boolean:
      return "a boolean";
    case ScalarType::integer:
      return "an integer";
    case ScalarType::floating:
      return "a number";
    default:
      return "a string";
  }
}

void validate_object(const Resource& r, const Document& doc, std::vector<Problem>& problems) {
  const Value root = r.root();
  const Value metadata = root["metadata"];
  auto problem = [&](Value at, std::string message, std::string path) {
    problems.push_back(Problem{ProblemKind::manifest_invalid,
                               doc.tree->source_ptr(),
                               at.offset(),
                               doc.index,
                               std::move(message),
                               {},
                               std::move(path)});
  };
  // Configuration files have no identity of their own; schema-invalid checks a metadata they carry.
  if (r.is_configuration()) {
    if (metadata && !metadata.is_null() && !metadata.is_mapping()) {
      problem(metadata, fmt::format("metadata must be a mapping, not {}", describe_value(metadata)), "metadata");
    }
    return;
  }
  if (!metadata.is_mapping()) {
    if (metadata && !metadata.is_null()) {
      problem(metadata, fmt::format("metadata must be a mapping, not {}", describe_value(metadata)), "metadata");
    } else {
      problem(root.key_node("metadata") ? root.key_node("metadata") : root,
              fmt::format("{} has no metadata.name", r.kind()), "metadata.name");
    }
    return;
  }
  if (!metadata["name"] && !metadata["generateName"]) {
    problem(root.key_node("metadata"), fmt::format("{} has no metadata.name (nor generateName)", r.kind()),
            "metadata.name");
  }
}

}  // namespace shipshape
