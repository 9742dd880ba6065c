// Kubernetes label and annotation syntax.
#include "rules/labels.hpp"

#include <fmt/format.h>

namespace shipshape::rules {
namespace {

bool alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool lower_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/// Problems of a name part or label value: [A-Za-z0-9._-], alphanumeric at both ends.
std::string name_chars_problem(std::string_view s, std::string_view what) {
  for (char c : s) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') {
      const unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f) return fmt::format("{} may only contain letters, digits, '-', '_' and '.'", what);
      return fmt::format("{} may only contain letters, digits, '-', '_' and '.', not '{}'", what, c);
    }
  }
  if (!alnum(s.front()) || !alnum(s.back())) return fmt::format("{} must start and end with a letter or digit", what);
  return {};
}

std::string subdomain_problem(std::string_view prefix, bool lowercase) {
  if (prefix.size() > 253) return fmt::format("the prefix is {} characters long, more than 253", prefix.size());
  std::size_t start = 0;
  while (start <= prefix.size()) {
    auto end = prefix.find('.', start);
    if (end == std::string_view::npos) end = prefix.size();
    const std::string_view label = prefix.substr(start, end - start);
    if (label.empty()) return "the prefix must be a DNS subdomain: no empty parts between dots";
    for (char c : label) {
      const char l = lowercase && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      if (!lower_alnum(l) && l != '-') {
        return "the prefix must be a DNS subdomain: lower-case letters, digits, '-' and '.'";
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return "the prefix must be a DNS subdomain: each part starts and ends with a letter or digit";
    }
    start = end + 1;
  }
  return {};
}

}  // namespace

std::string key_problem(std::string_view key, bool lowercase_prefix) {
  if (key.empty()) return "the key is empty";
  std::string_view name = key;
  const auto slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos) return "a key may contain at most one '/'";
    const std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) return "the prefix before '/' is empty";
    if (auto p = subdomain_problem(prefix, lowercase_prefix); !p.empty()) return p;
  }
  if (name.empty()) return "the name after the prefix is empty";
  if (name.size() > 63) return fmt::format("the name part is {} characters long, more than 63", name.size());
  return name_chars_problem(name, "the name part");
}

std::string label_value_problem(std::string_view value) {
  if (value.empty()) return {};
  if (value.size() > 63) return fmt::format("the value is {} characters long, more than 63", value.size());
  return name_chars_problem(value, "the value");
}

}  // namespace shipshape::rules
