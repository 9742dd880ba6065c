// SourceText line tables and YAML scalar resolution.
#include "shipshape/value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace shipshape {

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
