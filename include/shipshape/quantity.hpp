// Kubernetes resource quantities (`500m`, `1.5Gi`, `1e3`), parsed and compared exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shipshape {

__extension__ using Int128 = __int128;  // GCC and Clang; exact arithmetic without a bignum

/// An exact quantity, held as a count of nano-units (10^-9). Everything the Kubernetes
/// grammar can express up to 2^96 or so is exact; larger values compare as "huge".
class Quantity {
 public:
  Quantity() = default;

  /// Parses the Kubernetes quantity grammar: sign, digits with an optional fraction, then a
  /// binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M, G, T, P, E) or an exponent
  /// (e3, E-2). Returns nothing when the text does not follow it.
  static std::optional<Quantity> parse(std::string_view s) noexcept;
  static Quantity from_milli(std::int64_t milli) noexcept;
  static Quantity from_units(std::int64_t units) noexcept;

  /// Value rounded up to whole milli-units, saturated to the int64 range.
  [[nodiscard]] std::int64_t milli() const noexcept;
  /// Value rounded up to whole units, saturated to the int64 range.
  [[nodiscard]] std::int64_t units() const noexcept;
  [[nodiscard]] double to_double() const noexcept;
  [[nodiscard]] bool is_zero() const noexcept { return nanos_ == 0 && huge_ == 0; }
  [[nodiscard]] bool negative() const noexcept { return huge_ < 0 || (huge_ == 0 && nanos_ < 0); }

  /// A canonical text form (`500m`, `2`, `1Gi`...), for messages.
  [[nodiscard]] std::string str() const;

  friend bool operator==(const Quantity& a, const Quantity& b) noexcept {
    return a.huge_ == b.huge_ && a.nanos_ == b.nanos_;
  }
  friend bool operator!=(const Quantity& a, const Quantity& b) noexcept { return !(a == b); }
  friend bool operator<(const Quantity& a, const Quantity& b) noexcept {
    return a.huge_ != b.huge_ ? a.huge_ < b.huge_ : a.nanos_ < b.nanos_;
  }
  friend bool operator>(const Quantity& a, const Quantity& b) noexcept { return b < a; }
  friend bool operator<=(const Quantity& a, const Quantity& b) noexcept { return !(b < a); }
  friend bool operator>=(const Quantity& a, const Quantity& b) noexcept { return !(a < b); }

 private:
  Int128 nanos_ = 0;
  std::int8_t huge_ = 0;  // +1 or -1 when the value is beyond the exact range
};

}  // namespace shipshape
