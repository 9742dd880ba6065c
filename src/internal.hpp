// Helpers shared by the library's sources; not part of the public API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace shipshape {

/// Converts UTF-16 text (recognised by its byte order mark) to UTF-8; other text is returned
/// unchanged.
std::string normalize_encoding(std::string text);

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
