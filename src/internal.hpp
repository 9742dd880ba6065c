// Helpers shared by the library's sources; not part of the public API.
#pragma once

#include <string>

namespace shipshape {

/// Converts UTF-16 text (recognised by its byte order mark) to UTF-8; other text is returned
/// unchanged.
std::string normalize_encoding(std::string text);

}  // namespace shipshape
