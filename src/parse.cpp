// Parsing YAML (yaml-cpp's event API) and JSON (RapidJSON's SAX reader) into Trees.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstring>
#include <istream>
#include <stdexcept>
#include <streambuf>
#include <unordered_map>

#include <fmt/format.h>

#include "parse.hpp"
#include "json.hpp"
#include "shipshape/loader.hpp"

namespace shipshape {

using detail::Node;

namespace {

/// The size a container node records for `count` nodes on the stack: items, or key/value pairs.
std::size_t container_size(std::size_t count, NodeKind kind) noexcept {
  return kind == NodeKind::mapping ? count / 2 : count;
}

constexpr std::string_view kTooBig = "a string or collection with more than 268,435,455 bytes or items";

/// Moves the children of a finished mapping or sequence (stack[first..]) into the tree and
/// returns the node that owns them.
Node seal_container(Tree& tree, std::vector<Node>& stack, std::size_t first, NodeKind kind, std::uint32_t pos) {
  Node n;
  n.set_kind(kind);
  n.pos = pos;
  n.set_size(static_cast<std::uint32_t>(container_size(stack.size() - first, kind)));
  n.data = static_cast<std::uint32_t>(tree.nodes().size());
  tree.nodes().insert(tree.nodes().end(), stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
  stack.resize(first);
  return n;
}

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

/// The yaml-syntax problem for a duplicate key.
Problem duplicate_key_problem(const Tree& tree, const Node& original, const Node& duplicate, std::string_view key) {
  const auto at = tree.source().position(original.pos);
  return Problem{ProblemKind::yaml_syntax,
                 tree.source_ptr(),
                 duplicate.pos,
                 0,
                 fmt::format("duplicate key \"{}\" (first defined at line {}); kubectl rejects the document", key,
                             at.line),
                 {},
                 {}};
}

/// An error the builder raises itself (limits, bad merge keys); unwinds out of yaml-cpp.
struct BuildError {
  std::uint32_t offset;
  std::string message;
};

/// A read-only stream buffer over memory, so yaml-cpp reads the text without a copy.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* begin, const char* end) {
    char* b = const_cast<char*>(begin);  // NOLINT(cppcoreguidelines-pro-type-const-cast): never written
    setg(b, b, const_cast<char*>(end));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
};

bool is_separator_line(std::string_view text, std::size_t at) {
  if (at >= text.size() || text.size() - at < 3) return false;
  const bool dashes = text.compare(at, 3, "---") == 0;
  const bool dots = text.compare(at, 3, "...") == 0;
  if (!dashes && !dots) return false;
  if (text.size() - at == 3) return true;
  const char c = text[at + 3];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Offset of the first separator line (`---` or `...`) that starts after `from`, or npos.
std::size_t next_separator(std::string_view text, std::size_t from, std::size_t end) {
  std::size_t pos = from;
  while (pos < end) {
    const void* nl = std::memchr(text.data() + pos, '\n', end - pos);
    if (!nl) return std::string_view::npos;
    pos = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
    if (pos < end && is_separator_line(text, pos)) return pos;
  }
  return std::string_view::npos;
}

/// End of the document that starts at `start`: the offset of the first `---` line after the
/// document's opening `---` or first line of content, or `end`. Blank, comment and directive
/// lines before that belong to the document. A `---` at the start of a line always opens a
/// document (YAML 1.2, c-forbidden), even inside a flow collection or a quoted string.
std::uint32_t document_end(std::string_view text, std::uint32_t start, std::uint32_t end) {
  std::size_t pos = start;
  while (pos < end) {
    const void* nl = std::memchr(text.data() + pos, '\n', end - pos);
    const std::size_t line_end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : end;
    std::size_t first = pos;
    while (first < line_end && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r')) ++first;
    const bool skip = first == line_end || text[first] == '\n' || text[first] == '#' || (first == pos && text[first] == '%');
    if (!skip) break;
    pos = line_end;
  }
  while (true) {
    const std::size_t next = next_separator(text, pos, end);
    if (next == std::string_view::npos) return end;
    if (text[next] == '-') return static_cast<std::uint32_t>(next);
    pos = next;
  }
}

/// Offset of the last byte in [begin, end) that is not white space, or `begin`.
std::uint32_t last_content(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  while (end > begin) {
    const char c = text[end - 1];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return end - 1;
    --end;
  }
  return begin;
}

std::size_t line_start(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  while (offset > 0 && text[offset - 1] != '\n') --offset;
  return offset;
}

/// The path of a `# Source: path` comment among the comment lines just before `root`.
std::string_view helm_source_before(std::string_view text, std::size_t root) {
  std::size_t end = line_start(text, root);
  while (end > 0) {
    const std::size_t begin = line_start(text, end - 1);
    std::string_view line = text.substr(begin, end - begin);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
      line.remove_suffix(1);
    }
    if (is_separator_line(text, begin)) return {};
    if (!line.empty() && line[0] != '#') return {};
    constexpr std::string_view kPrefix = "# Source: ";
    if (line.substr(0, kPrefix.size()) == kPrefix) return line.substr(kPrefix.size());
    end = begin;
  }
  return {};
}

class YamlBuilder final : public YAML::EventHandler {
 public:
  YamlBuilder(Tree& tree, std::uint32_t base, std::uint32_t end, const ParseLimits& limits)
      : tree_(tree), text_(tree.source().text()), base_(base), end_(end), limits_(limits) {}

  struct Built {
    std::uint32_t root_index;  // index of the root node in the tree, or kNone
    std::uint32_t root_offset;
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;

  void reset() {
    frames_.clear();
    stack_.clear();
    weights_.clear();
    anchors_.clear();
    anchor_weights_.clear();
    has_root_ = false;
    real_nodes_ = 0;
    document_started_ = false;
  }

  [[nodiscard]] bool document_started() const noexcept { return document_started_; }
  /// Offset of the latest event; it must move between documents.
  [[nodiscard]] std::uint32_t last_event() const noexcept { return last_event_; }
  [[nodiscard]] std::uint32_t document_start() const noexcept { return document_start_; }
  std::vector<Problem>& duplicate_keys() { return duplicates_; }
  Built take_result() { return result_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    reset();
    document_started_ = true;
    document_start_ = offset_of(mark);
  }

  void OnDocumentEnd() override {
    result_ = {kNone, 0};
    if (has_root_) {
      if (root_weight_ > limits_.max_alias_expansion && root_weight_ > 10ULL * real_nodes_) {
        throw BuildError{root_.pos, fmt::format("aliases expand this document to more than {} nodes "
                                                "(an alias bomb?); the document was not checked",
                                                limits_.max_alias_expansion)};
      }
      result_ = {static_cast<std::uint32_t>(tree_.nodes().size()), root_.pos};
      tree_.nodes().push_back(root_);
    }
    document_started_ = false;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.pos = offset_of(mark);
    n.set_kind(NodeKind::null);
    add(n, 1, anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || anchor_weights_[anchor] == 0) {
      throw BuildError{offset_of(mark), "alias refers to an anchor that is not complete (a recursive alias)"};
    }
    Node n = anchors_[anchor];
    n.pos = offset_of(mark);
    add(n, anchor_weights_[anchor], 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.set_kind(NodeKind::scalar);
    n.pos = offset_of(mark);
    if (value.size() > Node::kMaxSize) throw BuildError{n.pos, std::string(kTooBig)};
    n.set_size(static_cast<std::uint32_t>(value.size()));
    // "?" marks a plain scalar without a tag; "!" a quoted or block scalar. Explicit core tags
    // other than !!str resolve like plain scalars; any other tag leaves the text a string.
    const bool plain = tag == "?" || (tag.rfind("tag:yaml.org,2002:", 0) == 0 && tag != "tag:yaml.org,2002:str");
    n.set_flags(plain ? detail::kPlain : 0);
    if (tag == "!") check_closed(n.pos);
    // Most scalars appear verbatim in the source (right at the mark, or after a quote):
    // point there instead of copying.
    if (!place_in_source(n, value, n.pos) && !place_in_source(n, value, n.pos + 1)) {
      n.data = static_cast<std::uint32_t>(tree_.strings().size());
      tree_.strings().append(value);
    }
    add(n, 1, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(NodeKind::sequence, mark, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(NodeKind::mapping, mark, anchor, style == YAML::EmitterStyle::Flow);
  }

  /// Offset of the outermost `[` or `{` still open (after an error), if any.
  [[nodiscard]] std::optional<std::uint32_t> open_flow_collection() const noexcept {
    for (const Frame& f : frames_) {
      if (f.flow) return f.pos;
    }
    return std::nullopt;
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    NodeKind kind;
    std::uint32_t pos;
    std::uint32_t first;  // index in stack_ of the first child
    YAML::anchor_t anchor;
    bool flow;
  };

  std::uint32_t offset_of(const YAML::Mark& mark) noexcept {
    last_event_ = base_ + static_cast<std::uint32_t>(std::max(mark.pos, 0));
    return last_event_;
  }

  bool place_in_source(Node& n, const std::string& value, std::uint32_t at) const noexcept {
    if (at > text_.size() || text_.size() - at < value.size()) return false;
    if (std::memcmp(text_.data() + at, value.data(), value.size()) != 0) return false;
    n.add_flags(detail::kInSource);
    n.data = at;
    return true;
  }

  /// yaml-cpp accepts a quoted scalar that runs to the end of the input; kubectl does not.
  void check_closed(std::uint32_t pos) const {
    if (pos >= end_) return;
    const char quote = text_[pos];
    if (quote != '"' && quote != '\'') return;
    for (std::uint32_t i = pos + 1; i < end_; ++i) {
      const char c = text_[i];
      if (quote == '"' && c == '\\') {
        ++i;
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < end_ && text_[i + 1] == '\'') {
          ++i;
        } else {
          return;
        }
      }
    }
    throw BuildError{pos, "a quoted string is never closed"};
  }

  std::string_view text_of(const Node& n) const noexcept {
    const char* base = (n.flags() & detail::kInSource) ? text_.data() : tree_.strings().data();
    return {base + n.data, n.size()};
  }

  void open(NodeKind kind, const YAML::Mark& mark, YAML::anchor_t anchor, bool flow) {
    if (frames_.size() >= limits_.max_depth) {
      throw BuildError{offset_of(mark), fmt::format("nesting deeper than {} levels", limits_.max_depth)};
    }
    frames_.push_back({kind, offset_of(mark), static_cast<std::uint32_t>(stack_.size()), anchor, flow});
    if (anchor) remember(anchor, Node{}, 0);  // pending: an alias to it now is recursive
  }

  void close() {
    const Frame f = frames_.back();
    frames_.pop_back();
    std::uint64_t weight = 1;
    for (std::size_t i = f.first; i < weights_.size(); ++i) weight += weights_[i];
    if (f.kind == NodeKind::mapping) {
      check_duplicate_keys(f.first);
      if (has_merge_key(f.first)) apply_merge_keys(f.first);
    }
    if (container_size(stack_.size() - f.first, f.kind) > Node::kMaxSize) throw BuildError{f.pos, std::string(kTooBig)};
    const Node n = seal_container(tree_, stack_, f.first, f.kind, f.pos);
    weights_.resize(f.first);
    add(n, weight, f.anchor);
  }

  void add(const Node& n, std::uint64_t weight, YAML::anchor_t anchor) {
    ++real_nodes_;
    if (anchor) remember(anchor, n, std::max<std::uint64_t>(weight, 1));
    if (frames_.empty()) {
      root_ = n;
      root_weight_ = weight;
      has_root_ = true;
    } else {
      stack_.push_back(n);
      weights_.push_back(weight);
    }
  }

  void remember(YAML::anchor_t anchor, const Node& n, std::uint64_t weight) {
    if (anchor >= anchors_.size()) {
      anchors_.resize(anchor + 1);
      anchor_weights_.resize(anchor + 1, 0);
    }
    anchors_[anchor] = n;
    anchor_weights_[anchor] = weight;
  }

  static bool is_merge_key(const Node& k, std::string_view text) {
    return k.kind() == NodeKind::scalar && (k.flags() & detail::kPlain) && text == "<<";
  }

  bool has_merge_key(std::uint32_t first) const {
    for (std::size_t i = first; i < stack_.size(); i += 2) {
      if (is_merge_key(stack_[i], text_of(stack_[i]))) return true;
    }
    return false;
  }

  void check_duplicate_keys(std::uint32_t first) {
    const Node* pairs = stack_.data() + first;
    for_each_duplicate_key(
        pairs, (stack_.size() - first) / 2,
        [&](const Node& k) -> std::optional<std::string_view> {
          if (k.kind() != NodeKind::scalar) return std::nullopt;
          const auto kt = text_of(k);
          if (is_merge_key(k, kt)) return std::nullopt;
          return kt;
        },
        [&](std::size_t a, std::size_t b) {
          duplicates_.push_back(duplicate_key_problem(tree_, pairs[a], pairs[b], text_of(pairs[b])));
        });
  }

  /// Replaces `<<` entries by the pairs of the mapping(s) they name, keeping explicit keys
  /// and, among several merged mappings, the earlier one (YAML merge key semantics).
  void apply_merge_keys(std::uint32_t first) {
    std::vector<Node> own;
    std::vector<Node> sources;
    for (std::size_t i = first; i < stack_.size(); i += 2) {
      if (is_merge_key(stack_[i], text_of(stack_[i]))) {
        const Node& v = stack_[i + 1];
        if (v.kind() == NodeKind::mapping) {
          sources.push_back(v);
        } else if (v.kind() == NodeKind::sequence) {
          for (std::uint32_t j = 0; j < v.size(); ++j) {
            const Node& item = tree_.nodes()[v.data + j];
            if (item.kind() != NodeKind::mapping) {
              throw BuildError{item.pos, "a merge key (<<) list may only hold mappings"};
            }
            sources.push_back(item);
          }
        } else {
          throw BuildError{v.pos, "the value of a merge key (<<) must be a mapping or a list of mappings"};
        }
      } else {
        own.push_back(stack_[i]);
        own.push_back(stack_[i + 1]);
      }
    }
    auto present = [&](std::string_view key) {
      for (std::size_t i = 0; i < own.size(); i += 2) {
        if (own[i].kind() == NodeKind::scalar && text_of(own[i]) == key) return true;
      }
      return false;
    };
    for (const Node& src : sources) {
      for (std::uint32_t j = 0; j < src.size(); ++j) {
        const Node k = tree_.nodes()[src.data + 2 * j];
        const Node v = tree_.nodes()[src.data + 2 * j + 1];
        if (k.kind() == NodeKind::scalar && present(text_of(k))) continue;
        own.push_back(k);
        own.push_back(v);
      }
    }
    // Merged pairs share their nodes with the source mapping; count each pair once.
    stack_.resize(first);
    weights_.resize(first);
    stack_.insert(stack_.end(), own.begin(), own.end());
    weights_.resize(first + own.size(), 1);
  }

  Tree& tree_;
  std::string_view text_;
  std::uint32_t base_;
  std::uint32_t end_;
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
    problems.push_back(Problem{ProblemKind::yaml_syntax, source, *it, document,
                               fmt::format("the text is not valid UTF-8 here ({} invalid byte sequence{} in this "
                                           "document, read as U+FFFD)",
                                           count, count == 1 ? "" : "s"),
                               {},
                               {}});
    it = last;
  }
}

void finish_tree(const std::shared_ptr<Tree>& tree, ParseResult& result,
                 const std::vector<std::pair<std::size_t, std::uint32_t>>& roots) {
  auto& nodes = tree->nodes();
  if (nodes.capacity() > nodes.size() + nodes.size() / 32) nodes.shrink_to_fit();
  // Unescaped and block scalars grow the string store by doubling; give the slack back too.
  auto& strings = tree->strings();
  if (strings.capacity() > strings.size() + strings.size() / 4) strings.shrink_to_fit();
  for (const auto& [doc, index] : roots) {
    result.documents[doc].root = Value(tree.get(), tree->node_data() + index);
  }
}

/// Kind of trouble at the very start of a source that makes parsing pointless.
std::optional<std::string> binary_content(std::string_view text) {
  const std::size_t probe = std::min<std::size_t>(text.size(), 8192);
  const void* nul = std::memchr(text.data(), '\0', probe);
  if (nul) {
    return fmt::format("the file holds binary data (a NUL byte at offset {}), not YAML",
                       static_cast<const char*>(nul) - text.data());
  }
  return std::nullopt;
}

}  // namespace

ParseResult parse_yaml_range(const std::shared_ptr<const SourceText>& source, std::uint32_t begin, std::uint32_t end,
                             std::uint32_t first_document, const ParseLimits& limits) {
  ParseResult result;
  auto tree = std::make_shared<Tree>(source);
  const std::string_view text = source->text();
  // Only this range: the comments before a document lie between its separator and its root.
  // (Searching the whole source made parsing a big stream in ranges quadratic.)
  const bool has_helm_sources = text.substr(begin, end - begin).find("# Source: ") != std::string_view::npos;
  // Manifests average 18-30 bytes of text per node; a denser text grows the array once or twice.
  tree->nodes().reserve((end - begin) / 16 + 16);

  std::vector<std::pair<std::size_t, std::uint32_t>> roots;  // document -> root node index
  std::vector<std::pair<std::uint32_t, std::uint32_t>> starts;  // (offset, document) in order
  std::uint32_t document = first_document;
  std::uint32_t start = begin;
  while (start < end) {
    // yaml-cpp sees one document at a time (more only when `...` ends one without a `---`), so
    // an error, an unclosed `[` above all, cannot run on into the documents after it.
    const std::uint32_t stop = document_end(text, start, end);
    starts.emplace_back(start, document);
    MemoryBuffer buffer(text.data() + start, text.data() + stop);
    std::istream in(&buffer);
    YamlBuilder builder(*tree, start, stop, limits);
    std::uint32_t failure_offset = 0;
    std::string failure;
    std::size_t numbered = 0;  // duplicate-key problems that know their document
    try {
      YAML::Parser parser(in);
      std::uint32_t previous_event = 0xFFFFFFFFU;
      while (parser.HandleNextDocument(builder)) {
        auto built = builder.take_result();
        // yaml-cpp 0.7 can report empty documents forever on a token it cannot place, without
        // moving on: treat a second empty document at the same place as the error it is.
        if (built.root_index == YamlBuilder::kNone || tree->nodes()[built.root_index].kind() == NodeKind::null) {
          if (builder.last_event() == previous_event) {
            throw BuildError{builder.last_event(), "unexpected character; the document cannot be parsed"};
          }
          previous_event = builder.last_event();
        } else {
          previous_event = 0xFFFFFFFFU;
        }
        Document doc;
        doc.tree = tree;
        doc.index = document++;
        if (doc.index != starts.back().second) starts.emplace_back(builder.document_start(), doc.index);
        auto& duplicates = builder.duplicate_keys();
        for (; numbered < duplicates.size(); ++numbered) duplicates[numbered].document = doc.index;
        if (built.root_index != YamlBuilder::kNone) {
          if (has_helm_sources) doc.helm_source = helm_source_before(text, built.root_offset);
          roots.emplace_back(result.documents.size(), built.root_index);
        }
        result.documents.push_back(std::move(doc));
      }
    } catch (const YAML::Exception& e) {
      failure_offset = start + static_cast<std::uint32_t>(std::max(e.mark.pos, 0));
      failure = e.msg;
    } catch (const BuildError& e) {
      failure_offset = e.offset;
      failure = e.message;
    } catch (const std::exception& e) {
      failure_offset = start;
      failure = fmt::format("the YAML parser failed: {}", e.what());
    }
    // Those of a document that failed to parse belong to it: `document` is still its number.
    auto& duplicates = builder.duplicate_keys();
    for (; numbered < duplicates.size(); ++numbered) duplicates[numbered].document = document;
    for (auto& p : duplicates) result.problems.push_back(std::move(p));
    if (!failure.empty()) {
      // An error at the end of the document is shown at the `[` or `{` never closed, or on the
      // document's last line, not on the next document's `---`.
      if (failure_offset >= stop) failure_offset = builder.open_flow_collection().value_or(last_content(text, start, stop));
      if (document != starts.back().second) starts.emplace_back(std::min(failure_offset, builder.document_start()), document);
      result.problems.push_back(Problem{ProblemKind::yaml_syntax, source, failure_offset, document, failure, {}, {}});
      ++document;
    }
    start = stop;
  }
  if (!source->invalid_utf8().empty()) {
    report_invalid_utf8(
        source, begin, end,
        [&](std::uint32_t offset) {
          auto after = std::upper_bound(starts.begin(), starts.end(), offset,
                                        [](std::uint32_t o, const auto& s) { return o < s.first; });
          return after == starts.begin() ? first_document : std::prev(after)->second;
        },
        result.problems);
  }
  finish_tree(tree, result, roots);
  return result;
}

std::vector<DocumentRange> split_documents(std::string_view text, std::size_t target_bytes) {
  std::vector<DocumentRange> ranges;
  const auto size = static_cast<std::uint32_t>(text.size());
  std::uint32_t begin = 0;
  std::uint32_t first_document = 0;
  std::uint32_t separators = 0;
  // A separator at the very start (after comments) opens document 0 rather than a new one.
  bool content_seen = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char* nl = static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
    const std::size_t line_end = nl ? static_cast<std::size_t>(nl - text.data()) + 1 : text.size();
    if (is_separator_line(text, pos) && text[pos] == '-') {
      if (content_seen) ++separators;
      content_seen = true;  // the separator itself starts a document
      if (pos - begin >= target_bytes) {
        ranges.push_back({begin, static_cast<std::uint32_t>(pos), first_document});
        begin = static_cast<std::uint32_t>(pos);
        first_document = separators;
      }
    } else if (!content_seen) {
      std::string_view line = text.substr(pos, line_end - pos);
      const auto first = line.find_first_not_of(" \t\r\n");
      if (first != std::string_view::npos && line[first] != '#' && line[first] != '%') content_seen = true;
    }
    pos = line_end;
  }
  if (begin < size || ranges.empty()) ranges.push_back({begin, size, first_document});
  return ranges;
}

namespace {

class JsonBuilder {
 public:
  using Ch = char;
  JsonBuilder(Tree& tree, const char* buffer, const ParseLimits& limits, rapidjson::InsituStringStream& stream)
      : tree_(tree), text_(tree.source().text()), buffer_(buffer), limits_(limits), stream_(stream) {}

  bool Null() { return add(literal(NodeKind::null, 4)); }
  bool Bool(bool b) { return add(literal(NodeKind::scalar, b ? 4 : 5)); }
  bool Int(int) { return false; }  // numbers arrive as RawNumber
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool /*copy*/) {
    Node n;
    n.set_kind(NodeKind::scalar);
    n.set_flags(detail::kPlain | detail::kInSource);
    n.pos = offset(str);
    n.data = n.pos;
    n.set_size(length);
    return add(n);
  }
  bool String(const char* str, rapidjson::SizeType length, bool /*copy*/) {
    if (length > Node::kMaxSize) return fail_too_big();
    Node n;
    n.set_kind(NodeKind::scalar);
    n.pos = offset(str) - 1;  // the opening quote
    n.data = offset(str);     // unescaped in place in the strings buffer
    n.set_size(length);
    return add(n);
  }
  bool Key(const char* str, rapidjson::SizeType length, bool copy) { return String(str, length, copy); }
  bool StartObject() { return open(NodeKind::mapping, '{'); }
  bool EndObject(rapidjson::SizeType /*members*/) { return close(); }
  bool StartArray() { return open(NodeKind::sequence, '['); }
  bool EndArray(rapidjson::SizeType /*elements*/) { return close(); }

  [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
  [[nodiscard]] bool too_big() const noexcept { return too_big_; }
  [[nodiscard]] bool has_root() const noexcept { return has_root_; }
  [[nodiscard]] const Node& root() const noexcept { return root_; }
  std::vector<Problem>& duplicate_keys() { return duplicates_; }

 private:
  std::uint32_t offset(const char* p) const noexcept { return static_cast<std::uint32_t>(p - buffer_); }
  Node literal(NodeKind kind, std::uint32_t length) const {
    Node n;
    n.set_kind(kind);
    n.pos = static_cast<std::uint32_t>(stream_.Tell()) - length;
    if (kind == NodeKind::scalar) {
      n.set_flags(detail::kPlain | detail::kInSource);
      n.data = n.pos;
      n.set_size(length);
    }
    return n;
  }
  bool open(NodeKind kind, char bracket) {
    if (frames_.size() >= limits_.max_depth) {
      too_deep_ = true;
      return false;
    }
    // The reader may or may not have consumed the bracket yet; find it in the source.
    auto pos = static_cast<std::uint32_t>(stream_.Tell());
    if (pos >= text_.size() || (text_[pos] != bracket && pos > 0)) --pos;
    frames_.push_back({kind, pos, static_cast<std::uint32_t>(stack_.size())});
    return true;
  }
  bool close() {
    const Frame f = frames_.back();
    frames_.pop_back();
    if (container_size(stack_.size() - f.first, f.kind) > Node::kMaxSize) return fail_too_big();
    if (f.kind == NodeKind::mapping) check_duplicate_keys(f.first);
    return add(seal_container(tree_, stack_, f.first, f.kind, f.pos));
  }
  /// JSON allows duplicate names but leaves their meaning open; Kubernetes decodes strictly
  /// and rejects them, as it does in YAML.
  void check_duplicate_keys(std::uint32_t first) {
    const Node* pairs = stack_.data() + first;
    for_each_duplicate_key(
        pairs, (stack_.size() - first) / 2, [&](const Node& k) -> std::optional<std::string_view> { return text_of(k); },
        [&](std::size_t a, std::size_t b) {
          duplicates_.push_back(duplicate_key_problem(tree_, pairs[a], pairs[b], text_of(pairs[b])));
        });
  }
  std::string_view text_of(const Node& n) const noexcept {
    const char* base = (n.flags() & detail::kInSource) ? text_.data() : buffer_;
    return {base + n.data, n.size()};
  }
  bool fail_too_big() {
    too_big_ = true;
    return false;
  }
  bool add(const Node& n) {
    if (frames_.empty()) {
      root_ = n;
      has_root_ = true;
    } else {
      stack_.push_back(n);
    }
    return true;
  }

  struct Frame {
    NodeKind kind;
    std::uint32_t pos;
    std::uint32_t first;
  };
  Tree& tree_;
  std::string_view text_;
  const char* buffer_;
  const ParseLimits& limits_;
  rapidjson::InsituStringStream& stream_;
  std::vector<Frame> frames_;
  std::vector<Node> stack_;
  Node root_;
  bool has_root_ = false;
  bool too_deep_ = false;
  bool too_big_ = false;
  std::vector<Problem> duplicates_;
};

ParseResult parse_json(const std::shared_ptr<const SourceText>& source, const ParseLimits& limits) {
  ParseResult result;
  auto tree = std::make_shared<Tree>(source);
  // RapidJSON parses in place: the copy becomes the tree's string storage, so unescaped
  // strings live at the same offsets as in the source.
  tree->strings().assign(source->text());
  tree->strings().push_back('\0');
  char* buffer = tree->strings().data();
  // A UTF-8 byte-order mark is allowed (RFC 8259 lets parsers ignore it); blanks keep the offsets.
  if (source->text().substr(0, 3) == "\xEF\xBB\xBF") std::memset(buffer, ' ', 3);
  rapidjson::InsituStringStream stream(buffer);
  JsonBuilder builder(*tree, buffer, limits, stream);
  json::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag;
  const rapidjson::ParseResult ok = reader.Parse<kFlags>(stream, builder);
  report_invalid_utf8(
      source, 0, static_cast<std::uint32_t>(source->text().size()), [](std::uint32_t) { return 0U; }, result.problems);
  Document doc;
  doc.tree = tree;
  if (!ok) {
    std::string message = builder.too_deep()  ? fmt::format("nesting deeper than {} levels", limits.max_depth)
                          : builder.too_big() ? std::string(kTooBig)
                                              : fmt::format("invalid JSON: {}", rapidjson::GetParseError_En(ok.Code()));
    result.problems.push_back(Problem{
        ProblemKind::yaml_syntax, source, static_cast<std::uint32_t>(ok.Offset()), 0, std::move(message), {}, {}});
    return result;
  }
  for (auto& p : builder.duplicate_keys()) result.problems.push_back(std::move(p));
  std::vector<std::pair<std::size_t, std::uint32_t>> roots;
  if (builder.has_root()) {
    roots.emplace_back(0, static_cast<std::uint32_t>(tree->nodes().size()));
    tree->nodes().push_back(builder.root());
  }
  result.documents.push_back(std::move(doc));
  finish_tree(tree, result, roots);
  return result;
}

}  // namespace

ParseResult parse(const std::shared_ptr<const SourceText>& source, InputFormat format, const ParseLimits& limits) {
  const std::string_view text = source->text();
  if (auto binary = binary_content(text)) {
    ParseResult result;
    const auto at = static_cast<std::uint32_t>(text.find('\0'));
    result.problems.push_back(Problem{ProblemKind::yaml_syntax, source, at, 0, *binary, {}, {}});
    return result;
  }
  if (format == InputFormat::json) return parse_json(source, limits);
  std::uint32_t begin = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) begin = 3;  // UTF-8 BOM
  return parse_yaml_range(source, begin, static_cast<std::uint32_t>(text.size()), 0, limits);
}

InputFormat format_for(std::string_view name) noexcept {
  if (name.size() >= 5 && name.substr(name.size() - 5) == ".json") return InputFormat::json;
  return InputFormat::yaml;
}

}  // namespace shipshape
