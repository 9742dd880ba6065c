// Kubernetes quantity grammar, exact arithmetic on nano-units.
#include "shipshape/quantity.hpp"

#include <limits>

#include <fmt/format.h>

namespace shipshape {
namespace {

using i128 = Int128;
constexpr i128 kMax = (static_cast<i128>(1) << 126);  // leaves room for one more factor of 2
constexpr i128 kNano = 1'000'000'000;

bool mul_checked(i128& v, i128 factor) {
  if (factor == 0 || v == 0) {
    v = 0;
    return true;
  }
  if (v > kMax / factor) return false;
  v *= factor;
  return true;
}

i128 pow10(int e) {
  i128 r = 1;
  for (int i = 0; i < e; ++i) r *= 10;
  return r;
}

std::int64_t saturate(i128 v) {
  if (v > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  if (v < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(v);
}

/// Division rounding towards +infinity, as Kubernetes rounds quantities up.
i128 div_ceil(i128 a, i128 b) {
  i128 q = a / b;
  if (a % b != 0 && a > 0) ++q;
  return q;
}

}  // namespace

std::optional<Quantity> Quantity::parse(std::string_view s) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  i128 mantissa = 0;
  int scale = 0;  // digits after the point
  int digits = 0;
  bool overflow = false;
  int dropped_integer_digits = 0;  // integer digits beyond int128 precision
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (!overflow && mantissa > kMax / 10) overflow = true;
    if (!overflow) {
      mantissa = mantissa * 10 + (s[i] - '0');
    } else {
      ++dropped_integer_digits;
    }
    ++digits;
    ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (mantissa <= kMax / 10 && scale < 30) {
        mantissa = mantissa * 10 + (s[i] - '0');
        ++scale;
      } else if (s[i] != '0') {
        mantissa += 1;  // round the dropped digits up, as Kubernetes does
      }
      ++digits;
      ++i;
    }
  }
  if (digits == 0) return std::nullopt;

  // Suffix.
  std::string_view suffix = s.substr(i);
  int exp10 = 0;
  int exp2 = 0;
  if (suffix.empty()) {
  } else if (suffix.size() == 2 && suffix[1] == 'i') {
    switch (suffix[0]) {
      case 'K':
        exp2 = 10;
        break;
      case 'M':
        exp2 = 20;
        break;
      case 'G':
        exp2 = 30;
        break;
      case 'T':
        exp2 = 40;
        break;
      case 'P':
        exp2 = 50;
        break;
      case 'E':
        exp2 = 60;
        break;
      default:
        return std::nullopt;
    }
  } else if (suffix.size() == 1) {
    switch (suffix[0]) {
      case 'n':
        exp10 = -9;
        break;
      case 'u':
        exp10 = -6;
        break;
      case 'm':
        exp10 = -3;
        break;
      case 'k':
        exp10 = 3;
        break;
      case 'M':
        exp10 = 6;
        break;
      case 'G':
        exp10 = 9;
        break;
      case 'T':
        exp10 = 12;
        break;
      case 'P':
        exp10 = 15;
        break;
      case 'E':
        exp10 = 18;
        break;
      default:
        return std::nullopt;
    }
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    std::size_t j = 1;
    bool exp_negative = false;
    if (j < suffix.size() && (suffix[j] == '+' || suffix[j] == '-')) {
      exp_negative = suffix[j] == '-';
      ++j;
    }
    if (j == suffix.size()) return std::nullopt;
    int e = 0;
    for (; j < suffix.size(); ++j) {
      if (suffix[j] < '0' || suffix[j] > '9') return std::nullopt;
      e = e * 10 + (suffix[j] - '0');
      if (e > 10000) e = 10000;
    }
    exp10 = exp_negative ? -e : e;
  } else {
    return std::nullopt;
  }

  Quantity q;
  const int total10 = 9 - scale + exp10 + dropped_integer_digits;
  i128 v = mantissa;
  bool huge = overflow && dropped_integer_digits > 0 && mantissa != 0;
  if (!huge && !mul_checked(v, static_cast<i128>(1) << exp2)) huge = true;
  if (!huge) {
    if (total10 >= 0) {
      if (total10 > 38) {
        huge = v != 0;
      } else {
        huge = !mul_checked(v, pow10(total10));
      }
    } else if (total10 < -38) {
      v = v != 0 ? 1 : 0;  // below one nano-unit: rounds up to 1n
    } else {
      v = div_ceil(v, pow10(-total10));
    }
  }
  if (huge) {
    q.huge_ = negative ? -1 : 1;
    return q;
  }
  q.nanos_ = negative ? -v : v;
  return q;
}

Quantity Quantity::from_milli(std::int64_t milli) noexcept {
  Quantity q;
  q.nanos_ = static_cast<i128>(milli) * 1'000'000;
  return q;
}

Quantity Quantity::from_units(std::int64_t units) noexcept {
  Quantity q;
  q.nanos_ = static_cast<i128>(units) * kNano;
  return q;
}

std::int64_t Quantity::milli() const noexcept {
  if (huge_ != 0) {
    return huge_ > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  }
  return saturate(div_ceil(nanos_, 1'000'000));
}

std::int64_t Quantity::units() const noexcept {
  if (huge_ != 0) {
    return huge_ > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  }
  return saturate(div_ceil(nanos_, kNano));
}

double Quantity::to_double() const noexcept {
  if (huge_ != 0) {
    return huge_ > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  return static_cast<double>(nanos_) / 1e9;
}

std::string Quantity::str() const {
  if (huge_ != 0) return huge_ > 0 ? "huge" : "-huge";
  const bool neg = nanos_ < 0;
  const i128 v = neg ? -nanos_ : nanos_;
  const char* sign = neg ? "-" : "";
  if (v == 0) return "0";
  if (v % kNano == 0) {
    const i128 units = v / kNano;
    static constexpr struct {
      int shift;
      const char* suffix;
    } kBinary[] = {{60, "Ei"}, {50, "Pi"}, {40, "Ti"}, {30, "Gi"}, {20, "Mi"}, {10, "Ki"}};
    for (const auto& b : kBinary) {
      const i128 unit = static_cast<i128>(1) << b.shift;
      if (units >= unit && units % unit == 0) {
        return fmt::format("{}{}{}", sign, saturate(units / unit), b.suffix);
      }
    }
    if (units <= std::numeric_limits<std::int64_t>::max()) return fmt::format("{}{}", sign, saturate(units));
  }
  if (v % 1'000'000 == 0) return fmt::format("{}{}m", sign, saturate(v / 1'000'000));
  if (v % 1'000 == 0) return fmt::format("{}{}u", sign, saturate(v / 1'000));
  return fmt::format("{}{}n", sign, saturate(v));
}

}  // namespace shipshape
