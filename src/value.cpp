// SourceText line tables and YAML scalar resolution.
#include "shipshape/value.hpp"

#include "internal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace shipshape {

namespace {

/// Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not one; in that
/// case `bad` is the length of the maximal invalid subpart (lead byte and the continuation
/// bytes that fit it), which becomes one U+FFFD.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t& bad) noexcept {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t need = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    bad = 1;
    return 0;
  }
  std::size_t n = 1;
  for (; n <= need; ++n) {
    if (i + n >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i + n]);
    if (c < lo || c > hi) break;
    lo = 0x80;
    hi = 0xBF;
  }
  if (n == need + 1) return n;
  bad = n;
  return 0;
}

}  // namespace

std::size_t utf8_length(std::string_view text, std::size_t at) noexcept {
  std::size_t bad = 0;
  return utf8_sequence(text, at, bad);
}

std::size_t invalid_utf8_at(std::string_view text, std::size_t from) noexcept {
  std::size_t i = from;
  const std::size_t size = text.size();
  std::size_t bad = 0;
  while (i < size) {
    // ASCII runs, eight bytes at a time.
    while (i + 8 <= size) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= size) break;
    const std::size_t n = utf8_sequence(text, i, bad);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view text, std::vector<std::uint32_t>* offsets) {
  std::size_t i = invalid_utf8_at(text);
  if (i == std::string_view::npos) return std::string(text);
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  // Past 4 GiB offsets do not fit: a text that could grow that far gets one byte, '?', per sequence.
  const bool narrow = text.size() > 0x3FFFFFFFU;
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 16);
  out.append(text.substr(0, i));
  std::size_t bad = 0;
  while (i < text.size()) {
    const std::size_t n = utf8_sequence(text, i, bad);
    if (n > 0) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    if (offsets) offsets->push_back(static_cast<std::uint32_t>(out.size()));
    if (narrow) {
      out.push_back('?');
    } else {
      out.append(kReplacement);
    }
    i += bad;
  }
  return out;
}

SourceText::SourceText(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  const std::size_t probe = std::min<std::size_t>(text_.size(), 8192);
  if (std::memchr(text_.data(), '\0', probe) != nullptr) return;  // binary: refused by the parsers as it is
  // Lone CRs are line breaks (YAML 1.2, 5.4); one byte for one, so offsets stay.
  char* const end = text_.data() + text_.size();
  for (char* p = text_.data(); (p = static_cast<char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)))); ++p) {
    if (p + 1 == end || p[1] != '\n') *p = '\n';
  }
  // Invalid UTF-8 becomes U+FFFD, so that every name and message built from the text is valid
  // UTF-8 (JSON, SARIF, JUnit and Python need it); the offsets are kept for the finding.
  if (invalid_utf8_at(text_) != std::string_view::npos) text_ = repair_utf8(text_, &invalid_utf8_);
}

void SourceText::build_line_table() const {
  line_starts_.push_back(0);
  const char* base = text_.data();
  const char* end = base + text_.size();
  for (const char* p = base; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<std::uint32_t>(p - base));
  }
}

Position SourceText::position(std::uint32_t offset) const {
  std::call_once(lines_once_, [this] { build_line_table(); });
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  const std::uint32_t start = *(it - 1);
  // Columns count code points: every byte that is not a UTF-8 continuation byte.
  std::uint32_t column = 1;
  for (std::uint32_t i = start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
  }
  return {line, column};
}

std::string_view SourceText::line_text(std::uint32_t line) const {
  std::call_once(lines_once_, [this] { build_line_table(); });
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(start, end - start);
}

namespace {

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), s) != options.end();
}

bool is_true_word(std::string_view s) {
  return is_one_of(s, {"true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"});
}

bool is_false_word(std::string_view s) {
  return is_one_of(s, {"false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF"});
}

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '_') continue;
    const bool ok = base == 16  ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                    : base == 8 ? (c >= '0' && c <= '7')
                    : base == 2 ? (c == '0' || c == '1')
                                : (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Integer forms: decimal, 0x hex, 0o / leading-0 octal, 0b binary, optional sign.
bool is_int_text(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.size() > 2 && s[0] == '0') {
    if (s[1] == 'x' || s[1] == 'X') return all_digits(s.substr(2), 16);
    if (s[1] == 'o') return all_digits(s.substr(2), 8);
    if (s[1] == 'b') return all_digits(s.substr(2), 2);
  }
  return all_digits(s, 10) && s.front() != '_';
}

bool is_float_text(std::string_view s) {
  if (is_one_of(
          s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"})) {
    return true;
  }
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t i = 0;
  std::size_t digits = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
    ++i;
    ++digits;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
      ++i;
      ++digits;
    }
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t exp_start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == exp_start) return false;
  }
  return i == s.size();
}

std::string without_underscores(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

}  // namespace

ScalarType resolve_plain_scalar(std::string_view s) noexcept {
  if (s.empty()) return ScalarType::null;
  const char c = s[0];
  // Fast path: most plain scalars start with a letter that cannot begin a special form.
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    if (s.size() > 5) return ScalarType::string;
    if (is_true_word(s) || is_false_word(s)) return ScalarType::boolean;
    if (is_one_of(s, {"null", "Null", "NULL"})) return ScalarType::null;
    return ScalarType::string;
  }
  if (s == "~") return ScalarType::null;
  if (is_int_text(s)) return ScalarType::integer;
  if (is_float_text(s)) return ScalarType::floating;
  return ScalarType::string;
}

std::optional<bool> Value::as_bool() const noexcept {
  if (!is_scalar()) return std::nullopt;
  const auto s = str();
  if (node_->flags() & detail::kPlain) {
    if (is_true_word(s)) return true;
    if (is_false_word(s)) return false;
  }
  return std::nullopt;
}

std::optional<std::int64_t> Value::as_int() const noexcept {
  if (!is_scalar() || !(node_->flags() & detail::kPlain)) return std::nullopt;
  auto s = str();
  if (!is_int_text(s)) {
    // Integral floats such as `2.0` or `1e3` are accepted as integers, as Kubernetes does.
    if (is_float_text(s)) {
      auto d = as_double();
      if (d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.2e18) {
        return static_cast<std::int64_t>(*d);
      }
    }
    return std::nullopt;
  }
  std::string clean = without_underscores(s);
  std::string_view v = clean;
  bool neg = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    neg = v[0] == '-';
    v.remove_prefix(1);
  }
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    base = 16;
    v.remove_prefix(2);
  } else if (v.size() > 2 && v[0] == '0' && v[1] == 'o') {
    base = 8;
    v.remove_prefix(2);
  } else if (v.size() > 2 && v[0] == '0' && v[1] == 'b') {
    base = 2;
    v.remove_prefix(2);
  }
  std::uint64_t magnitude = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), magnitude, base);
  if (ec != std::errc{} || p != v.data() + v.size()) return std::nullopt;
  if (neg) {
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(0 - magnitude);
  }
  if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(magnitude);
}

std::optional<double> Value::as_double() const noexcept {
  if (!is_scalar() || !(node_->flags() & detail::kPlain)) return std::nullopt;
  auto s = str();
  if (is_int_text(s)) {
    auto i = as_int();
    if (i) return static_cast<double>(*i);
    return std::nullopt;
  }
  if (!is_float_text(s)) return std::nullopt;
  if (s.find("inf") != std::string_view::npos || s.find("Inf") != std::string_view::npos ||
      s.find("INF") != std::string_view::npos) {
    return s[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (s.find("nan") != std::string_view::npos || s.find("NaN") != std::string_view::npos ||
      s.find("NAN") != std::string_view::npos) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  std::string clean = without_underscores(s);
  if (!clean.empty() && clean[0] == '+') clean.erase(0, 1);
  double d = 0;
  auto [p, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), d);
  if (ec != std::errc{} || p != clean.data() + clean.size()) return std::nullopt;
  return d;
}

}  // namespace shipshape
