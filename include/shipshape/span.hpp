// Span: a view of contiguous elements, as the public API returns them.
#pragma once

#include <cstddef>
#include <iterator>
#include <type_traits>
#include <utility>

namespace shipshape {

/// A view of `size()` contiguous elements that it does not own: what `std::span` is in C++20,
/// kept here so that the public headers compile as C++17. In C++20, a std::span of const
/// elements can be made from it.
template <typename T>
class Span {
 public:
  using element_type = T;
  using value_type = std::remove_cv_t<T>;
  using iterator = T*;

  constexpr Span() noexcept = default;
  constexpr Span(T* data, std::size_t size) noexcept : data_(data), size_(size) {}
  /// A view of a container that holds its elements contiguously (std::vector, std::array...).
  template <typename Container,
            typename = std::enable_if_t<!std::is_same_v<std::remove_cv_t<std::remove_reference_t<Container>>, Span> &&
                                        std::is_convertible_v<decltype(std::data(std::declval<Container&>())), T*>>>
  constexpr Span(Container&& c) noexcept : data_(std::data(c)), size_(std::size(c)) {}

  [[nodiscard]] constexpr T* data() const noexcept { return data_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] constexpr T* begin() const noexcept { return data_; }
  [[nodiscard]] constexpr T* end() const noexcept { return data_ + size_; }
  [[nodiscard]] constexpr T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] constexpr T& front() const noexcept { return data_[0]; }
  [[nodiscard]] constexpr T& back() const noexcept { return data_[size_ - 1]; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace shipshape
