// Regular expressions that meet manifest text, compiled and matched with RE2.
#include "rules/pattern.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

#include "shipshape/rule.hpp"

namespace shipshape::rules {
namespace {

RE2::Options options_for(bool case_insensitive) {
  RE2::Options o;
  o.set_log_errors(false);  // the error is reported, with its location, by the configuration
  o.set_case_sensitive(!case_insensitive);
  return o;
}

re2::StringPiece piece(std::string_view s) noexcept { return {s.data(), s.size()}; }

}  // namespace

Pattern::Pattern(const std::string& text, bool case_insensitive, const std::string& option,
                 std::optional<std::size_t> item) {
  auto re = std::make_shared<const RE2>(text, options_for(case_insensitive));
  if (!re->ok()) {
    throw OptionError(
        option, item,
        fmt::format("{}: \"{}\" is not a valid regular expression (RE2 syntax): {}", option, text, re->error()));
  }
  re_ = std::move(re);
}

Pattern Pattern::any_of(const std::vector<std::string>& texts, bool case_insensitive, const std::string& option) {
  std::string combined;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    (void)Pattern(texts[i], case_insensitive, option, i);
    if (!combined.empty()) combined += '|';
    combined += "(?:" + texts[i] + ")";
  }
  if (combined.empty()) return {};
  return Pattern(combined, case_insensitive, option, std::nullopt);
}

bool Pattern::search(std::string_view text) const { return re_ && RE2::PartialMatch(piece(text), *re_); }

bool Pattern::full_match(std::string_view text) const { return re_ && RE2::FullMatch(piece(text), *re_); }

}  // namespace shipshape::rules
