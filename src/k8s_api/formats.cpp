// Name and encoding syntax, after apimachinery's validation package; the edit distance behind
// "did you mean" suggestions.
#include "k8s_api/formats.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "internal.hpp"

namespace shipshape {

std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case) {
  auto fold = [&](char c) { return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace shipshape

namespace shipshape::k8s {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool lower_alpha(char c) { return c >= 'a' && c <= 'z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

/// Shared by labels and the parts of a subdomain.
std::string label_body_problem(std::string_view s, std::string_view what) {
  if (s.empty()) return fmt::format("{} is empty", what);
  for (char c : s) {
    if (!lower_alnum(c) && c != '-') {
      if (c >= 'A' && c <= 'Z') return "upper-case letters are not allowed";
      return fmt::format("'{}' is not allowed (only a-z, 0-9 and '-')", c);
    }
  }
  if (!lower_alnum(s.front())) return "must start with a letter or digit";
  if (!lower_alnum(s.back())) return "must end with a letter or digit";
  return {};
}

}  // namespace

std::string dns1123_label_problem(std::string_view s) {
  if (s.size() > 63) return fmt::format("{} characters, more than 63", s.size());
  return label_body_problem(s, "the name");
}

std::string dns1123_subdomain_problem(std::string_view s) {
  if (s.size() > 253) return fmt::format("{} characters, more than 253", s.size());
  if (s.empty()) return "the name is empty";
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t end = s.find('.', i);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view part = s.substr(i, end - i);
    if (part.empty()) return "has an empty part between dots";
    if (auto p = label_body_problem(part, "a part"); !p.empty()) return p;
    i = end + 1;
  }
  return {};
}

std::string dns1035_label_problem(std::string_view s) {
  if (auto p = dns1123_label_problem(s); !p.empty()) return p;
  if (!lower_alpha(s.front())) return "must start with a letter";
  return {};
}

std::string port_name_problem(std::string_view s) {
  if (s.size() > 15) return fmt::format("{} characters, more than 15", s.size());
  if (auto p = label_body_problem(s, "the name"); !p.empty()) return p;
  if (s.find("--") != std::string_view::npos) return "must not contain '--'";
  bool letter = false;
  for (char c : s) letter = letter || lower_alpha(c);
  if (!letter) return "must contain a letter";
  return {};
}

std::string path_segment_problem(std::string_view s) {
  if (s.empty()) return "the name is empty";
  if (s == "." || s == "..") return "must not be '.' or '..'";
  for (char c : s) {
    if (c == '/' || c == '%') return fmt::format("'{}' is not allowed", c);
  }
  return {};
}

std::string base64_problem(std::string_view s) {
  std::size_t count = 0;
  std::size_t padding = 0;
  for (char c : s) {
    if (c == '\n' || c == '\r') continue;
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || digit(c) || c == '+' || c == '/';
    if (c == '=') {
      ++padding;
    } else if (!alphabet || padding > 0) {
      return alphabet
                 ? "has characters after the '=' padding"
                 : fmt::format("'{}' is not a base64 character", c == ' ' ? std::string("space") : std::string(1, c));
    }
    ++count;
  }
  if (padding > 2 || count % 4 != 0) return "its length is not a multiple of 4 (missing '=' padding?)";
  return {};
}

std::string date_time_problem(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!digit(s[i])) return false;
    }
    return true;
  };
  const char* expected = "is not an RFC 3339 date and time such as 2024-05-01T12:00:00Z";
  if (!digits(0, 4) || s.size() < 20 || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2) ||
      (s[10] != 'T' && s[10] != 't') || !digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' ||
      !digits(17, 2)) {
    return expected;
  }
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == start) return expected;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return {};
  if (i < s.size() && (s[i] == '+' || s[i] == '-') && digits(i + 1, 2) && i + 3 < s.size() && s[i + 3] == ':' &&
      digits(i + 4, 2) && i + 6 == s.size()) {
    return {};
  }
  return expected;
}

}  // namespace shipshape::k8s
