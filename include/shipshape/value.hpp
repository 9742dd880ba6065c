// The document tree: an immutable, compact view of one parsed YAML or JSON document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape {

/// A 1-based line and column (columns count Unicode code points). Zero means unknown.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Position& a, const Position& b) { return a.line == b.line && a.column == b.column; }
  friend bool operator!=(const Position& a, const Position& b) { return !(a == b); }
};

/// The bytes of one input (a file, stdin or a string) and its display name.
/// Line and column numbers are computed on demand from byte offsets.
///
/// The text is kept as YAML reads it, so that every parser and every report sees the same
/// lines: a CR not followed by LF is a line break and becomes LF (CRLF stays, one byte for
/// one, so offsets do not move), and each maximal invalid UTF-8 sequence becomes U+FFFD; the
/// offsets of those replacements are listed by invalid_utf8() for the loader to report. Text
/// with a NUL byte in its first 8 KiB is binary and kept as it is (the parsers refuse it).
class SourceText {
 public:
  SourceText(std::string name, std::string text);

  /// The name shown in findings: the path as the user gave it, or `<stdin>`.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

  /// Line and column of a byte offset. Thread-safe; builds the line table on first use.
  [[nodiscard]] Position position(std::uint32_t offset) const;
  /// The text of a 1-based line, without its line break.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
  /// Offsets (in text()) of the U+FFFD characters that replaced invalid UTF-8, in order.
  [[nodiscard]] const std::vector<std::uint32_t>& invalid_utf8() const noexcept { return invalid_utf8_; }

 private:
  void build_line_table() const;

  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> invalid_utf8_;
  mutable std::once_flag lines_once_;
  mutable std::vector<std::uint32_t> line_starts_;
};

enum class NodeKind : std::uint8_t { null, scalar, sequence, mapping };

/// How a scalar resolves, following the YAML rules Kubernetes applies (YAML 1.1 booleans
/// such as `yes` and `on` included, since kubectl reads them as booleans).
enum class ScalarType : std::uint8_t { null, boolean, integer, floating, string };

namespace detail {

/// One node of a tree. Twelve bytes: positions are byte offsets, children are indices, and
/// the kind and flags share a word with the size.
struct Node {
  /// The largest size a node can hold: bytes of a scalar, items of a sequence, pairs of a mapping.
  static constexpr std::uint32_t kMaxSize = (1U << 28) - 1;

  std::uint32_t pos = 0;   // byte offset of the node in its source text
  std::uint32_t data = 0;  // scalar: offset of the text; container: index of the first child
  std::uint32_t bits = 0;  // size in the low 28 bits, then the kind (2 bits), then the flags (2 bits)

  [[nodiscard]] std::uint32_t size() const noexcept { return bits & kMaxSize; }
  [[nodiscard]] NodeKind kind() const noexcept { return static_cast<NodeKind>((bits >> 28) & 3U); }
  [[nodiscard]] std::uint8_t flags() const noexcept { return static_cast<std::uint8_t>(bits >> 30); }
  /// `size` must not exceed kMaxSize; the parsers check before they build the node.
  void set_size(std::uint32_t size) noexcept { bits = (bits & ~kMaxSize) | (size & kMaxSize); }
  void set_kind(NodeKind kind) noexcept { bits = (bits & ~(3U << 28)) | (static_cast<std::uint32_t>(kind) << 28); }
  void set_flags(std::uint8_t flags) noexcept {
    bits = (bits & ~(3U << 30)) | (static_cast<std::uint32_t>(flags & 3U) << 30);
  }
  void add_flags(std::uint8_t flags) noexcept { bits |= static_cast<std::uint32_t>(flags & 3U) << 30; }
};
static_assert(sizeof(Node) == 12);

inline constexpr std::uint8_t kInSource = 1;  // scalar text lies in the source, not in strings
inline constexpr std::uint8_t kPlain = 2;     // untagged plain scalar: its type is resolved

}  // namespace detail

/// Storage for the documents parsed from one stretch of a source: nodes and unescaped strings.
/// Values point into it; whoever holds a Value keeps the tree alive (Resource does).
class Tree {
 public:
  explicit Tree(std::shared_ptr<const SourceText> source) : source_(std::move(source)) {}

  [[nodiscard]] const SourceText& source() const noexcept { return *source_; }
  [[nodiscard]] const std::shared_ptr<const SourceText>& source_ptr() const noexcept { return source_; }
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return nodes_.capacity() * sizeof(detail::Node) + strings_.capacity();
  }

  // Used by the parsers while building.
  std::vector<detail::Node>& nodes() noexcept { return nodes_; }
  std::string& strings() noexcept { return strings_; }
  [[nodiscard]] const detail::Node* node_data() const noexcept { return nodes_.data(); }
  [[nodiscard]] const char* string_data() const noexcept { return strings_.data(); }

 private:
  std::shared_ptr<const SourceText> source_;
  std::vector<detail::Node> nodes_;
  std::string strings_;
};

class Value;

/// A key and its value in a mapping.
struct Entry;

/// A read-only handle on a node of a Tree, or an absent value. Every accessor is total:
/// asking a scalar for a key, or a mapping for its text, yields an absent or empty result,
/// so rules never need to guard against malformed input before looking.
class Value {
 public:
  Value() = default;
  Value(const Tree* tree, const detail::Node* node) noexcept : tree_(tree), node_(node) {}

  /// True when the value exists (an explicit `null` exists too).
  explicit operator bool() const noexcept { return node_ != nullptr; }
  [[nodiscard]] NodeKind kind() const noexcept { return node_ ? node_->kind() : NodeKind::null; }
  [[nodiscard]] bool is_null() const noexcept { return node_ && node_->kind() == NodeKind::null; }
  [[nodiscard]] bool is_scalar() const noexcept { return node_ && node_->kind() == NodeKind::scalar; }
  [[nodiscard]] bool is_sequence() const noexcept { return node_ && node_->kind() == NodeKind::sequence; }
  [[nodiscard]] bool is_mapping() const noexcept { return node_ && node_->kind() == NodeKind::mapping; }

  /// The text of a scalar (empty for anything else).
  [[nodiscard]] std::string_view str() const noexcept {
    if (!is_scalar() || !tree_) return {};
    const char* base = (node_->flags() & detail::kInSource) ? tree_->source().text().data() : tree_->string_data();
    return {base + node_->data, node_->size()};
  }
  /// The scalar's text if it resolves to a string (quoted, or plain text that is not a
  /// number, boolean or null); otherwise empty.
  [[nodiscard]] std::string_view string() const noexcept { return is_string() ? str() : std::string_view{}; }
  /// The resolved type of a scalar; `null` for an explicit null and for non-scalars.
  [[nodiscard]] ScalarType scalar_type() const noexcept;
  [[nodiscard]] bool is_string() const noexcept { return is_scalar() && scalar_type() == ScalarType::string; }
  /// True for a scalar whose text equals `s`, whatever its style.
  [[nodiscard]] bool equals(std::string_view s) const noexcept { return is_scalar() && str() == s; }

  [[nodiscard]] std::optional<bool> as_bool() const noexcept;
  [[nodiscard]] std::optional<std::int64_t> as_int() const noexcept;
  [[nodiscard]] std::optional<double> as_double() const noexcept;
  [[nodiscard]] bool is_true() const noexcept { return as_bool() == true; }
  [[nodiscard]] bool is_false() const noexcept { return as_bool() == false; }

  /// Number of items of a sequence or pairs of a mapping; 0 otherwise.
  [[nodiscard]] std::size_t size() const noexcept {
    return node_ && (node_->kind() == NodeKind::sequence || node_->kind() == NodeKind::mapping) ? node_->size() : 0;
  }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }

  /// Mapping look-up by key; absent when this is not a mapping or the key is missing.
  [[nodiscard]] Value operator[](std::string_view key) const noexcept;
  /// Sequence item; absent when out of range or not a sequence.
  [[nodiscard]] Value operator[](std::size_t index) const noexcept;
  [[nodiscard]] Value operator[](int index) const noexcept {
    return index < 0 ? Value{} : (*this)[static_cast<std::size_t>(index)];
  }
  /// The key node of a mapping entry (for pointing at `key:` rather than its value).
  [[nodiscard]] Value key_node(std::string_view key) const noexcept;

  class ItemIterator;
  class EntryIterator;
  struct ItemRange;
  struct EntryRange;
  /// The items of a sequence (nothing for other kinds).
  [[nodiscard]] ItemRange items() const noexcept;
  /// The entries of a mapping (nothing for other kinds).
  [[nodiscard]] EntryRange entries() const noexcept;

  /// Byte offset of the node in its source.
  [[nodiscard]] std::uint32_t offset() const noexcept { return node_ ? node_->pos : 0; }
  [[nodiscard]] Position position() const { return node_ ? tree_->source().position(node_->pos) : Position{}; }
  [[nodiscard]] const Tree* tree() const noexcept { return tree_; }
  [[nodiscard]] const SourceText* source() const noexcept { return tree_ ? &tree_->source() : nullptr; }
  /// Whether both handles designate the same node.
  [[nodiscard]] bool same_node(const Value& other) const noexcept { return node_ == other.node_; }
  [[nodiscard]] const detail::Node* node() const noexcept { return node_; }

 private:
  // Only called on a mapping or a sequence; a Value with a node always has its tree.
  [[nodiscard]] const detail::Node* children() const noexcept {
    return tree_->node_data() + node_->data;  // NOLINT(clang-analyzer-core.CallAndMessage)
  }

  const Tree* tree_ = nullptr;
  const detail::Node* node_ = nullptr;
};

struct Entry {
  Value key;
  Value value;
};

class Value::ItemIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Value;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = Value;

  ItemIterator() = default;
  ItemIterator(const Tree* t, const detail::Node* n) : tree_(t), node_(n) {}
  Value operator*() const { return {tree_, node_}; }
  ItemIterator& operator++() {
    ++node_;
    return *this;
  }
  ItemIterator operator++(int) {
    auto copy = *this;
    ++node_;
    return copy;
  }
  friend bool operator==(const ItemIterator& a, const ItemIterator& b) { return a.node_ == b.node_; }

 private:
  const Tree* tree_ = nullptr;
  const detail::Node* node_ = nullptr;
};

class Value::EntryIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Entry;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = Entry;

  EntryIterator() = default;
  EntryIterator(const Tree* t, const detail::Node* n) : tree_(t), node_(n) {}
  Entry operator*() const { return {Value{tree_, node_}, Value{tree_, node_ + 1}}; }
  EntryIterator& operator++() {
    node_ += 2;
    return *this;
  }
  EntryIterator operator++(int) {
    auto copy = *this;
    node_ += 2;
    return copy;
  }
  friend bool operator==(const EntryIterator& a, const EntryIterator& b) { return a.node_ == b.node_; }

 private:
  const Tree* tree_ = nullptr;
  const detail::Node* node_ = nullptr;
};

struct Value::ItemRange {
  ItemIterator first, last;
  [[nodiscard]] ItemIterator begin() const { return first; }
  [[nodiscard]] ItemIterator end() const { return last; }
};

struct Value::EntryRange {
  EntryIterator first, last;
  [[nodiscard]] EntryIterator begin() const { return first; }
  [[nodiscard]] EntryIterator end() const { return last; }
};

inline Value::ItemRange Value::items() const noexcept {
  if (!is_sequence()) return {};
  const auto* c = children();
  return {{tree_, c}, {tree_, c + node_->size()}};
}

inline Value::EntryRange Value::entries() const noexcept {
  if (!is_mapping()) return {};
  const auto* c = children();
  return {{tree_, c}, {tree_, c + 2 * static_cast<std::size_t>(node_->size())}};
}

inline Value Value::operator[](std::size_t index) const noexcept {
  if (!is_sequence() || index >= node_->size()) return {};
  return {tree_, children() + index};
}

inline Value Value::key_node(std::string_view key) const noexcept {
  if (!is_mapping()) return {};
  const auto* c = children();
  for (std::uint32_t i = 0; i < node_->size(); ++i) {
    Value k{tree_, c + 2 * static_cast<std::size_t>(i)};
    if (k.is_scalar() && k.str() == key) return k;
  }
  return {};
}

inline Value Value::operator[](std::string_view key) const noexcept {
  Value k = key_node(key);
  return k ? Value{tree_, k.node_ + 1} : Value{};
}

/// Resolves the type of a plain scalar's text (exposed for tests and the JSON writer).
[[nodiscard]] ScalarType resolve_plain_scalar(std::string_view s) noexcept;

inline ScalarType Value::scalar_type() const noexcept {
  if (!node_) return ScalarType::null;
  if (node_->kind() == NodeKind::null) return ScalarType::null;
  if (node_->kind() != NodeKind::scalar) return ScalarType::null;  // not a scalar at all
  if (!(node_->flags() & detail::kPlain)) return ScalarType::string;
  return resolve_plain_scalar(str());
}

}  // namespace shipshape
