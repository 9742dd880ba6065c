// Helpers shared by the library's sources; not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape {

struct RuleInfo;

/// True for rules about security (pod security, RBAC, network policies, secrets, the control
/// plane and nodes): SARIF gives them a `security-severity`, GitLab `critical` for errors.
[[nodiscard]] bool is_security_rule(const RuleInfo& rule) noexcept;

/// Levenshtein distance, for "did you mean" suggestions; `ignore_case` folds ASCII letters.
std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false);

/// Converts UTF-16 text (recognised by its byte order mark) to UTF-8; other text is returned
/// unchanged.
std::string normalize_encoding(std::string text);

/// Length of the valid UTF-8 sequence starting at `at` (1 to 4), or 0 when there is none.
[[nodiscard]] std::size_t utf8_length(std::string_view text, std::size_t at) noexcept;

/// Offset of the first byte at or after `from` that does not start a valid UTF-8 sequence, or
/// npos when the text is valid.
[[nodiscard]] std::size_t invalid_utf8_at(std::string_view text, std::size_t from = 0) noexcept;

/// The text with each maximal invalid UTF-8 sequence replaced by U+FFFD; the offsets of the
/// replacements in the result are appended to `offsets` when given.
[[nodiscard]] std::string repair_utf8(std::string_view text, std::vector<std::uint32_t>* offsets = nullptr);

/// Position of the first character of `s` from `from` on that is one of `chars`, or npos. The same
/// as find_first_of, without the memchr call per character that libstdc++ makes for it.
[[nodiscard]] inline std::size_t find_any(std::string_view s, std::string_view chars, std::size_t from = 0) noexcept {
  for (std::size_t i = from; i < s.size(); ++i) {
    for (const char c : chars) {
      if (s[i] == c) return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace shipshape
