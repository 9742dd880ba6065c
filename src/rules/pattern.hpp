// Regular expressions that meet manifest text, matched in linear time and bounded memory (RE2).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace shipshape::rules {

/// A compiled RE2 expression. std::regex is not used anywhere on manifest text: its matcher
/// recurses once per character and overflows the stack on a long label value or name.
/// Cheap to copy (the compiled form is shared) and safe to match from several threads.
class Pattern {
 public:
  Pattern() = default;
  /// Compiles `text` (RE2 syntax). On failure throws OptionError naming `option` and list
  /// item `item`, with RE2's reason.
  Pattern(const std::string& text, bool case_insensitive, const std::string& option, std::optional<std::size_t> item);
  /// Compiles the alternation of several expressions, each checked alone first so that an
  /// error names the item at fault. No expressions: matches nothing.
  static Pattern any_of(const std::vector<std::string>& texts, bool case_insensitive, const std::string& option);

  /// True when the expression matches somewhere in `text`.
  [[nodiscard]] bool search(std::string_view text) const;
  /// True when the expression matches the whole of `text`.
  [[nodiscard]] bool full_match(std::string_view text) const;

 private:
  std::shared_ptr<const re2::RE2> re_;
};

}  // namespace shipshape::rules
