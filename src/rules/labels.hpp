// Kubernetes label and annotation syntax (apimachinery's IsQualifiedName and IsValidLabelValue).
#pragma once

#include <string>
#include <string_view>

namespace shipshape::rules {

/// Why `key` is not a valid label key (or, `lowercase_prefix` set, annotation key: the API
/// server lower-cases annotation keys before checking them), or empty when it is valid.
/// A key is an optional DNS-1123 subdomain prefix (at most 253 characters) and `/`, then a
/// name of at most 63 characters of [A-Za-z0-9._-] that starts and ends alphanumeric.
[[nodiscard]] std::string key_problem(std::string_view key, bool lowercase_prefix = false);

/// Why `value` is not a valid label value, or empty when it is: at most 63 characters of
/// [A-Za-z0-9._-] starting and ending alphanumeric, or empty.
[[nodiscard]] std::string label_value_problem(std::string_view value);

/// The total size the API server allows for an object's annotations (keys and values).
inline constexpr std::size_t kMaxAnnotationBytes = std::size_t{256} * 1024;

}  // namespace shipshape::rules
