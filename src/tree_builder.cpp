// Building Trees from YAML events, and the document loop with error recovery, for both front ends.
#include "tree_builder.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <unordered_map>

#include <fmt/format.h>

namespace shipshape::detail {

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

bool is_separator_line(std::string_view text, std::size_t at) {
  if (at >= text.size() || text.size() - at < 3) return false;
  const bool dashes = text.compare(at, 3, "---") == 0;
  const bool dots = text.compare(at, 3, "...") == 0;
  if (!dashes && !dots) return false;
  if (text.size() - at == 3) return true;
  const char c = text[at + 3];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Problem duplicate_key_problem(const Tree& tree, const Node& original, const Node& duplicate, std::string_view key) {
  const auto at = tree.source().position(original.pos);
  return Problem{
      ProblemKind::yaml_syntax,
      tree.source_ptr(),
      duplicate.pos,
      0,
      fmt::format("duplicate key \"{}\" (first defined at line {}); kubectl rejects the document", key, at.line),
      {},
      {}};
}

// ---------------------------------------------------------------------------------------------
// TreeBuilder

void TreeBuilder::reset() {
  frames_.clear();
  stack_.clear();
  weights_.clear();
  anchors_.clear();
  anchor_weights_.clear();
  has_root_ = false;
  real_nodes_ = 0;
  document_started_ = false;
}

void TreeBuilder::document_start(std::uint32_t offset) {
  reset();
  document_started_ = true;
  document_start_ = event_at(offset);
}

void TreeBuilder::document_end() {
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

void TreeBuilder::null(std::uint32_t offset, std::uint32_t anchor) {
  Node n;
  n.pos = event_at(offset);
  n.set_kind(NodeKind::null);
  add(n, 1, anchor);
}

void TreeBuilder::alias(std::uint32_t offset, std::uint32_t anchor) {
  event_at(offset);
  if (anchor >= anchors_.size() || anchor_weights_[anchor] == 0) {
    throw BuildError{offset, "alias refers to an anchor that is not complete (a recursive alias)"};
  }
  Node n = anchors_[anchor];
  n.pos = offset;
  add(n, anchor_weights_[anchor], 0);
}

void TreeBuilder::scalar(std::uint32_t offset, std::string_view text, bool plain, std::uint32_t anchor,
                         std::uint32_t in_source) {
  Node n;
  n.set_kind(NodeKind::scalar);
  n.pos = event_at(offset);
  if (text.size() > Node::kMaxSize) throw BuildError{n.pos, std::string(kTooBig)};
  n.set_size(static_cast<std::uint32_t>(text.size()));
  n.set_flags(plain ? kPlain : 0);
  if (in_source != kNone) {
    n.add_flags(kInSource);
    n.data = in_source;
  } else {
    n.data = static_cast<std::uint32_t>(tree_.strings().size());
    tree_.strings().append(text);
  }
  add(n, 1, anchor);
}

void TreeBuilder::open(NodeKind kind, std::uint32_t offset, std::uint32_t anchor, bool flow) {
  event_at(offset);
  if (frames_.size() >= limits_.max_depth) {
    throw BuildError{offset, fmt::format("nesting deeper than {} levels", limits_.max_depth)};
  }
  frames_.push_back({kind, offset, static_cast<std::uint32_t>(stack_.size()), anchor, flow});
  if (anchor) remember(anchor, Node{}, 0);  // pending: an alias to it now is recursive
}

void TreeBuilder::close() {
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

void TreeBuilder::add(const Node& n, std::uint64_t weight, std::uint32_t anchor) {
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

void TreeBuilder::remember(std::uint32_t anchor, const Node& n, std::uint64_t weight) {
  if (anchor >= anchors_.size()) {
    anchors_.resize(anchor + std::size_t{1});
    anchor_weights_.resize(anchor + std::size_t{1}, 0);
  }
  anchors_[anchor] = n;
  anchor_weights_[anchor] = weight;
}

namespace {

bool is_merge_key(const Node& k, std::string_view text) {
  return k.kind() == NodeKind::scalar && (k.flags() & kPlain) && text == "<<";
}

}  // namespace

bool TreeBuilder::has_merge_key(std::uint32_t first) const {
  for (std::size_t i = first; i < stack_.size(); i += 2) {
    if (is_merge_key(stack_[i], text_of(stack_[i]))) return true;
  }
  return false;
}

void TreeBuilder::check_duplicate_keys(std::uint32_t first) {
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
void TreeBuilder::apply_merge_keys(std::uint32_t first) {
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

// ---------------------------------------------------------------------------------------------
// The document loop

namespace {

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

std::size_t line_start(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  while (offset > 0 && text[offset - 1] != '\n') --offset;
  return offset;
}

/// The path of a `# Source: path` comment among the comment lines just before `root`, when it
/// names a chart file as `helm template` writes it (`chart/templates/x.yaml`, `chart/crds/x.yaml`,
/// subcharts `chart/charts/sub/templates/x.yaml`): a hand-written `# Source: https://...` note
/// is not one.
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
    if (line.substr(0, kPrefix.size()) == kPrefix) {
      const std::string_view path = line.substr(kPrefix.size());
      const bool in_chart =
          path.find("/templates/") != std::string_view::npos || path.find("/crds/") != std::string_view::npos;
      const bool template_path =
          in_chart && path.find("://") == std::string_view::npos && path.find(' ') == std::string_view::npos;
      return template_path ? path : std::string_view{};
    }
    end = begin;
  }
  return {};
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
    const bool skip =
        first == line_end || text[first] == '\n' || text[first] == '#' || (first == pos && text[first] == '%');
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

}  // namespace

ParseResult parse_yaml_documents(const std::shared_ptr<const SourceText>& source, std::uint32_t begin,
                                 std::uint32_t end, std::uint32_t first_document, const ParseLimits& limits,
                                 ReaderFactory make_reader, ReaderFactory fallback) {
  ParseResult result;
  auto tree = std::make_shared<Tree>(source);
  const std::string_view text = source->text();
  // Only this range: the comments before a document lie between its separator and its root.
  // (Searching the whole source made parsing a big stream in ranges quadratic.)
  const bool has_helm_sources = text.substr(begin, end - begin).find("# Source: ") != std::string_view::npos;
  // Manifests average 18-30 bytes of text per node; a denser text grows the array once or twice.
  tree->nodes().reserve((end - begin) / 16 + 16);

  std::vector<std::pair<std::size_t, std::uint32_t>> roots;     // document -> root node index
  std::vector<std::pair<std::uint32_t, std::uint32_t>> starts;  // (offset, document) in order
  std::uint32_t document = first_document;
  // Reads the documents of [from, to) until its end or an error; returns where to resume in it,
  // or `to`. A reader sees one document at a time (more only when `...` ends one without a
  // `---`), so an error, an unclosed `[` above all, cannot run on into the documents after it.
  auto read = [&](auto& self, ReaderFactory make, std::uint32_t from, std::uint32_t to,
                  bool may_fall_back) -> std::uint32_t {
    if (starts.empty() || starts.back().second != document) starts.emplace_back(from, document);
    TreeBuilder builder(*tree, limits);
    std::uint32_t failure_offset = 0;
    std::string failure;
    bool parser_bug = false;
    std::size_t numbered = 0;  // duplicate-key problems that know their document
    try {
      const std::unique_ptr<DocumentReader> reader = make(text, from, to);
      std::uint32_t previous_event = TreeBuilder::kNone;
      while (reader->next(builder)) {
        const auto built = builder.take_result();
        // yaml-cpp 0.7 can report empty documents forever on a token it cannot place, without
        // moving on: treat a second empty document at the same place as the error it is.
        if (built.root_index == TreeBuilder::kNone || tree->nodes()[built.root_index].kind() == NodeKind::null) {
          if (builder.last_event() == previous_event) {
            throw BuildError{builder.last_event(), "unexpected character; the document cannot be parsed"};
          }
          previous_event = builder.last_event();
        } else {
          previous_event = TreeBuilder::kNone;
        }
        Document doc;
        doc.tree = tree;
        doc.index = document++;
        if (doc.index != starts.back().second) starts.emplace_back(builder.document_start_offset(), doc.index);
        auto& duplicates = builder.duplicate_keys();
        for (; numbered < duplicates.size(); ++numbered) duplicates[numbered].document = doc.index;
        if (built.root_index != TreeBuilder::kNone) {
          if (has_helm_sources) doc.helm_source = helm_source_before(text, built.root_offset);
          roots.emplace_back(result.documents.size(), built.root_index);
        }
        result.documents.push_back(std::move(doc));
      }
    } catch (const BuildError& e) {
      failure_offset = e.offset;
      failure = e.message;
      parser_bug = e.parser_bug && may_fall_back;
    } catch (const std::exception& e) {
      failure_offset = from;
      failure = fmt::format("the YAML parser failed: {}", e.what());
    }
    // The failing document's duplicates are its own, even when the fallback reads it again.
    if (parser_bug) builder.duplicate_keys().resize(numbered);
    // Those of a document that failed to parse belong to it: `document` is still its number.
    auto& duplicates = builder.duplicate_keys();
    for (; numbered < duplicates.size(); ++numbered) duplicates[numbered].document = document;
    for (auto& p : duplicates) result.problems.push_back(std::move(p));
    if (failure.empty()) return to;
    // Resume after a `...` that ends the failed document, if one does before `to`.
    const std::uint32_t doc_begin =
        builder.document_started() ? std::min(builder.document_start_offset(), failure_offset) : failure_offset;
    const std::size_t line = std::max<std::size_t>(line_start(text, std::min(doc_begin, to)), from);
    std::size_t next = next_separator(text, line, to);
    if (next != std::string_view::npos && text[next] == '.') {
      const void* nl = std::memchr(text.data() + next, '\n', to - next);
      next = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : to;
    } else {
      next = to;
    }
    const auto resume = static_cast<std::uint32_t>(std::clamp<std::size_t>(next, std::size_t{from} + 1, to));
    if (parser_bug) {
      // The same stretch, through the other parser; it reports its own errors, if any.
      self(self, fallback, static_cast<std::uint32_t>(line), resume, false);
      return resume;
    }
    // An error at the end of the stretch is shown at the `[` or `{` never closed, or on the
    // document's last line, not on the next document's `---`.
    if (failure_offset >= to) failure_offset = builder.open_flow_collection().value_or(last_content(text, from, to));
    if (document != starts.back().second) {
      starts.emplace_back(std::min(failure_offset, builder.document_start_offset()), document);
    }
    result.problems.push_back(Problem{ProblemKind::yaml_syntax, source, failure_offset, document, failure, {}, {}});
    ++document;
    return resume;
  };
  for (std::uint32_t start = begin; start < end;) {
    const std::uint32_t stop = document_end(text, start, end);
    for (std::uint32_t at = start; at < stop;) at = read(read, make_reader, at, stop, fallback != nullptr);
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

}  // namespace shipshape::detail
