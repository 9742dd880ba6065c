// Building Trees from a YAML parser's events: the part the yaml-cpp and libfyaml front ends share.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "parse.hpp"

namespace shipshape::detail {

inline constexpr std::string_view kTooBig = "a string or collection with more than 268,435,455 bytes or items";

/// The size a container node records for `count` nodes on the stack: items, or key/value pairs.
[[nodiscard]] inline std::size_t container_size(std::size_t count, NodeKind kind) noexcept {
  return kind == NodeKind::mapping ? count / 2 : count;
}

/// Moves the children of a finished mapping or sequence (stack[first..]) into the tree and
/// returns the node that owns them.
Node seal_container(Tree& tree, std::vector<Node>& stack, std::size_t first, NodeKind kind, std::uint32_t pos);

/// Gives the tree's spare capacity back and points the documents at their roots
/// (document index, node index).
void finish_tree(const std::shared_ptr<Tree>& tree, ParseResult& result,
                 const std::vector<std::pair<std::size_t, std::uint32_t>>& roots);

/// Whether a line starting at `at` is a document separator: `---` or `...` alone or before a space.
[[nodiscard]] bool is_separator_line(std::string_view text, std::size_t at);

/// Calls `report(first, duplicate)` (indices into `pairs`) for every key of the mapping
/// [pairs, pairs + 2n) equal to an earlier one. `key_text(node)` gives the text to compare, or
/// nothing for a key that takes no part (not a scalar, a YAML merge key).
template <typename KeyText, typename Report>
void for_each_duplicate_key(const Node* pairs, std::size_t n, KeyText key_text, Report report) {
  if (n < 2) return;
  if (n <= 24) {
    for (std::size_t i = 1; i < n; ++i) {
      const auto kt = key_text(pairs[2 * i]);
      if (!kt) continue;
      for (std::size_t j = 0; j < i; ++j) {
        const auto ot = key_text(pairs[2 * j]);
        if (ot && *ot == *kt) {
          report(2 * j, 2 * i);
          break;
        }
      }
    }
    return;
  }
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto kt = key_text(pairs[2 * i]);
    if (!kt) continue;
    auto [it, inserted] = seen.emplace(*kt, 2 * i);
    if (!inserted) report(it->second, 2 * i);
  }
}

/// The yaml-syntax problem for a duplicate key (YAML and JSON alike: kubectl rejects both).
[[nodiscard]] Problem duplicate_key_problem(const Tree& tree, const Node& original, const Node& duplicate,
                                            std::string_view key);

/// yaml-syntax problems for the invalid UTF-8 that SourceText replaced in [begin, end): one per
/// document, at its first replacement. `document_at(offset)` numbers the document there.
template <typename DocumentAt>
void report_invalid_utf8(const std::shared_ptr<const SourceText>& source, std::uint32_t begin, std::uint32_t end,
                         DocumentAt document_at, std::vector<Problem>& problems) {
  const auto& offsets = source->invalid_utf8();
  auto it = std::lower_bound(offsets.begin(), offsets.end(), begin);
  while (it != offsets.end() && *it < end) {
    const std::uint32_t document = document_at(*it);
    auto last = it + 1;
    while (last != offsets.end() && *last < end && document_at(*last) == document) ++last;
    const auto count = static_cast<std::size_t>(last - it);
    problems.push_back(Problem{ProblemKind::yaml_syntax,
                               source,
                               *it,
                               document,
                               fmt::format("the text is not valid UTF-8 here ({} invalid byte sequence{} in this "
                                           "document, read as U+FFFD)",
                                           count, count == 1 ? "" : "s"),
                               {},
                               {}});
    it = last;
  }
}

/// Ends the current document: a syntax error a parser reports, or a limit or bad merge key the
/// builder finds. The offset is a byte offset into the source.
struct BuildError {
  std::uint32_t offset;
  std::string message;
  /// A known bug of the parser on valid YAML: the document loop reads this document again with
  /// the fallback front end.
  bool parser_bug = false;
};

/// Turns the events of a YAML parser into nodes of one Tree, document after document: resolves
/// aliases and merge keys, enforces the depth and alias-expansion limits, reports duplicate keys.
/// Front ends give every event the byte offset where yaml-cpp's mark would put it (the first
/// property, anchor or tag, of a node, else its first character: the quote of a quoted scalar,
/// the indicator of a block scalar), so that both parsers produce the same positions.
class TreeBuilder {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;

  TreeBuilder(Tree& tree, const ParseLimits& limits) : tree_(tree), text_(tree.source().text()), limits_(limits) {}

  // Events. `anchor` is 0 for none, else a number the front end gives each anchor definition of
  // the document (a redefinition gets a new number); `alias` names such a number.
  void document_start(std::uint32_t offset);
  void document_end();
  void null(std::uint32_t offset, std::uint32_t anchor);
  void alias(std::uint32_t offset, std::uint32_t anchor);
  /// A scalar. `plain`: untagged plain, or tagged with a YAML core type other than str (its type
  /// is resolved from the text). `in_source`: where `text` lies verbatim in the source, or kNone
  /// to copy it into the tree's strings.
  void scalar(std::uint32_t offset, std::string_view text, bool plain, std::uint32_t anchor, std::uint32_t in_source);
  /// `flow`: a `[...]` or `{...}` collection rather than a block one.
  void open(NodeKind kind, std::uint32_t offset, std::uint32_t anchor, bool flow = false);
  void close();

  struct Built {
    std::uint32_t root_index;  // index of the root node in the tree, or kNone
    std::uint32_t root_offset;
  };
  /// The document completed by the latest document_end().
  [[nodiscard]] Built take_result() const noexcept { return result_; }
  [[nodiscard]] bool document_started() const noexcept { return document_started_; }
  /// Offset of the latest event; it must move between documents.
  [[nodiscard]] std::uint32_t last_event() const noexcept { return last_event_; }
  [[nodiscard]] std::uint32_t document_start_offset() const noexcept { return document_start_; }
  std::vector<Problem>& duplicate_keys() noexcept { return duplicates_; }
  /// Offset of the outermost `[` or `{` still open (after an error), if any.
  [[nodiscard]] std::optional<std::uint32_t> open_flow_collection() const noexcept {
    for (const Frame& f : frames_) {
      if (f.flow) return f.pos;
    }
    return std::nullopt;
  }

 private:
  struct Frame {
    NodeKind kind;
    std::uint32_t pos;
    std::uint32_t first;  // index in stack_ of the first child
    std::uint32_t anchor;
    bool flow;
  };

  void reset();
  std::uint32_t event_at(std::uint32_t offset) noexcept {
    last_event_ = offset;
    return offset;
  }
  [[nodiscard]] std::string_view text_of(const Node& n) const noexcept {
    const char* base = (n.flags() & kInSource) ? text_.data() : tree_.strings().data();
    return {base + n.data, n.size()};
  }
  void add(const Node& n, std::uint64_t weight, std::uint32_t anchor);
  void remember(std::uint32_t anchor, const Node& n, std::uint64_t weight);
  [[nodiscard]] bool has_merge_key(std::uint32_t first) const;
  void check_duplicate_keys(std::uint32_t first);
  void apply_merge_keys(std::uint32_t first);

  Tree& tree_;
  std::string_view text_;
  const ParseLimits& limits_;

  std::vector<Frame> frames_;
  std::vector<Node> stack_;
  std::vector<std::uint64_t> weights_;
  std::vector<Node> anchors_;
  std::vector<std::uint64_t> anchor_weights_;
  Node root_;
  std::uint64_t root_weight_ = 0;
  bool has_root_ = false;
  std::uint64_t real_nodes_ = 0;
  bool document_started_ = false;
  std::uint32_t document_start_ = 0;
  std::uint32_t last_event_ = 0;
  Built result_{kNone, 0};
  std::vector<Problem> duplicates_;
};

/// Reads the documents of a stretch of YAML text and sends their events to a TreeBuilder.
class DocumentReader {
 public:
  DocumentReader() = default;
  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;
  virtual ~DocumentReader() = default;
  /// Sends the next document's events to `builder`; false when the stretch holds no more.
  /// Throws BuildError on a syntax error.
  virtual bool next(TreeBuilder& builder) = 0;
};

/// Makes a reader for bytes [begin, end) of `text`.
using ReaderFactory = std::unique_ptr<DocumentReader> (*)(std::string_view text, std::uint32_t begin,
                                                          std::uint32_t end);

/// The document loop both YAML front ends run: numbers the documents, finds their Helm sources,
/// and after a syntax error resumes at the next document separator. A document the reader fails
/// on with a `parser_bug` error is read again by `fallback` (when given).
[[nodiscard]] ParseResult parse_yaml_documents(const std::shared_ptr<const SourceText>& source, std::uint32_t begin,
                                               std::uint32_t end, std::uint32_t first_document,
                                               const ParseLimits& limits, ReaderFactory make_reader,
                                               ReaderFactory fallback = nullptr);

std::unique_ptr<DocumentReader> make_yaml_cpp_reader(std::string_view text, std::uint32_t begin, std::uint32_t end);
#ifdef SHIPSHAPE_HAVE_LIBFYAML
std::unique_ptr<DocumentReader> make_libfyaml_reader(std::string_view text, std::uint32_t begin, std::uint32_t end);
#endif

}  // namespace shipshape::detail
