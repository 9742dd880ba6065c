// Syntax checks the API server applies to names and encoded values, written as character
// classes (no regular expressions).
#pragma once

#include <string>
#include <string_view>

namespace shipshape::k8s {

/// Each returns why `s` is not valid, or an empty string when it is.

/// DNS-1123 label: at most 63 of a-z, 0-9 and `-`, starting and ending alphanumeric.
[[nodiscard]] std::string dns1123_label_problem(std::string_view s);
/// DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels.
[[nodiscard]] std::string dns1123_subdomain_problem(std::string_view s);
/// DNS-1035 label (Service names): a DNS-1123 label that starts with a letter.
[[nodiscard]] std::string dns1035_label_problem(std::string_view s);
/// IANA service name (port names): at most 15 of a-z, 0-9 and `-`, at least one letter, no
/// `-` at either end and no `--`.
[[nodiscard]] std::string port_name_problem(std::string_view s);
/// A path segment (RBAC object names): not `.` or `..`, no `/` or `%`.
[[nodiscard]] std::string path_segment_problem(std::string_view s);
/// Base64 with padding (the standard alphabet), line breaks allowed.
[[nodiscard]] std::string base64_problem(std::string_view s);
/// An RFC 3339 date and time such as `2024-05-01T12:00:00Z`.
[[nodiscard]] std::string date_time_problem(std::string_view s);

/// Text that a tool substitutes before apply (`${VAR}`, `{{ .Values.x }}`, kustomize's
/// `$(VAR)`, a SOPS-encrypted `ENC[...]` value): not judged.
[[nodiscard]] inline bool is_placeholder(std::string_view s) noexcept {
  return s.find("${") != std::string_view::npos || s.find("{{") != std::string_view::npos ||
         s.find("$(") != std::string_view::npos || s.substr(0, 4) == "ENC[";
}

}  // namespace shipshape::k8s
