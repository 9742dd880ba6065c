// Helpers shared by the library's sources; not part of the public API.
#pragma once

#include <string>
#include <string_view>

namespace shipshape {

/// Levenshtein distance, for "did you mean" suggestions; `ignore_case` folds ASCII letters.
std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false);

/// Converts UTF-16 text (recognised by its byte order mark) to UTF-8; other text is returned
/// unchanged.
std::string normalize_encoding(std::string text);

}  // namespace shipshape
