// Parsing: the yaml-cpp front end (its event API), JSON (RapidJSON's SAX reader), and the
// choice of YAML front end.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstring>
#include <istream>
#include <optional>
#include <stdexcept>
#include <streambuf>

#include <fmt/format.h>

#include "json.hpp"
#include "parse.hpp"
#include "tree_builder.hpp"

namespace shipshape {

using detail::BuildError;
using detail::Node;
using detail::TreeBuilder;

namespace {

/// A read-only stream buffer over memory, so yaml-cpp reads the text without a copy.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* begin, const char* end) {
    char* b = const_cast<char*>(begin);  // NOLINT(cppcoreguidelines-pro-type-const-cast): never written
    setg(b, b, const_cast<char*>(end));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
};

/// Forwards yaml-cpp's events to a TreeBuilder, with offsets in the whole source.
class YamlCppEvents final : public YAML::EventHandler {
 public:
  YamlCppEvents(std::string_view text, std::uint32_t base, std::uint32_t end) : text_(text), base_(base), end_(end) {}

  void set_builder(TreeBuilder* builder) noexcept { builder_ = builder; }

  void OnDocumentStart(const YAML::Mark& mark) override { builder_->document_start(offset_of(mark)); }
  void OnDocumentEnd() override { builder_->document_end(); }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    builder_->null(offset_of(mark), anchor_id(anchor));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    builder_->alias(offset_of(mark), anchor_id(anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::uint32_t pos = offset_of(mark);
    // "?" marks a plain scalar without a tag; "!" a quoted or block scalar. Explicit core tags
    // other than !!str resolve like plain scalars; any other tag leaves the text a string.
    const bool plain = tag == "?" || (tag.rfind("tag:yaml.org,2002:", 0) == 0 && tag != "tag:yaml.org,2002:str");
    if (tag == "!") check_closed(pos);
    // Most scalars appear verbatim in the source (right at the mark, or after a quote):
    // point there instead of copying.
    std::uint32_t in_source = TreeBuilder::kNone;
    if (verbatim_at(value, pos)) {
      in_source = pos;
    } else if (verbatim_at(value, pos + 1)) {
      in_source = pos + 1;
    }
    builder_->scalar(pos, value, plain, anchor_id(anchor), in_source);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    builder_->open(NodeKind::sequence, offset_of(mark), anchor_id(anchor), style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { builder_->close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    builder_->open(NodeKind::mapping, offset_of(mark), anchor_id(anchor), style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override { builder_->close(); }

 private:
  [[nodiscard]] std::uint32_t offset_of(const YAML::Mark& mark) const noexcept {
    return base_ + static_cast<std::uint32_t>(std::max(mark.pos, 0));
  }
  static std::uint32_t anchor_id(YAML::anchor_t anchor) {
    // yaml-cpp numbers the anchors of a document from 1.
    if (anchor >= TreeBuilder::kNone) throw BuildError{0, "too many anchors"};
    return static_cast<std::uint32_t>(anchor);
  }

  [[nodiscard]] bool verbatim_at(const std::string& value, std::uint32_t at) const noexcept {
    return at <= text_.size() && text_.size() - at >= value.size() &&
           std::memcmp(text_.data() + at, value.data(), value.size()) == 0;
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

  TreeBuilder* builder_ = nullptr;
  std::string_view text_;
  std::uint32_t base_;
  std::uint32_t end_;
};

/// The yaml-cpp front end: its parser over bytes [begin, end) of the source.
class YamlCppReader final : public detail::DocumentReader {
 public:
  YamlCppReader(std::string_view text, std::uint32_t begin, std::uint32_t end)
      : buffer_(text.data() + begin, text.data() + end), in_(&buffer_), events_(text, begin, end), base_(begin) {}

  bool next(TreeBuilder& builder) override {
    events_.set_builder(&builder);
    try {
      if (!parser_) parser_.emplace(in_);
      return parser_->HandleNextDocument(events_);
    } catch (const YAML::Exception& e) {
      throw BuildError{base_ + static_cast<std::uint32_t>(std::max(e.mark.pos, 0)), e.msg};
    }
  }

 private:
  MemoryBuffer buffer_;
  std::istream in_;
  YamlCppEvents events_;
  std::uint32_t base_;
  std::optional<YAML::Parser> parser_;
};

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

/// The front end that reads again what `parser` fails on because of a bug of its own.
detail::ReaderFactory fallback_for(Parser parser) {
  return resolve_parser(parser) == Parser::libfyaml ? detail::make_yaml_cpp_reader : nullptr;
}

detail::ReaderFactory reader_for(Parser parser) {
  switch (resolve_parser(parser)) {
    case Parser::libfyaml:
#ifdef SHIPSHAPE_HAVE_LIBFYAML
      return detail::make_libfyaml_reader;
#else
      throw std::invalid_argument("this build of shipshape has no libfyaml front end (see --version)");
#endif
    case Parser::automatic:
    case Parser::yaml_cpp:
      break;
  }
  return detail::make_yaml_cpp_reader;
}

}  // namespace

std::unique_ptr<detail::DocumentReader> detail::make_yaml_cpp_reader(std::string_view text, std::uint32_t begin,
                                                                     std::uint32_t end) {
  return std::make_unique<YamlCppReader>(text, begin, end);
}

std::string_view parser_name(Parser parser) noexcept {
  switch (parser) {
    case Parser::automatic:
      return "auto";
    case Parser::yaml_cpp:
      return "yaml-cpp";
    case Parser::libfyaml:
      return "libfyaml";
  }
  return "auto";
}

std::optional<Parser> parser_from_name(std::string_view name) noexcept {
  for (const Parser p : {Parser::automatic, Parser::yaml_cpp, Parser::libfyaml}) {
    if (parser_name(p) == name) return p;
  }
  return std::nullopt;
}

bool parser_available(Parser parser) noexcept {
#ifdef SHIPSHAPE_HAVE_LIBFYAML
  (void)parser;
  return true;
#else
  return parser != Parser::libfyaml;
#endif
}

Parser resolve_parser(Parser parser) noexcept {
  if (parser != Parser::automatic) return parser;
#ifdef SHIPSHAPE_HAVE_LIBFYAML
  return Parser::libfyaml;
#else
  return Parser::yaml_cpp;
#endif
}

ParseResult parse_yaml_range(const std::shared_ptr<const SourceText>& source, std::uint32_t begin, std::uint32_t end,
                             std::uint32_t first_document, const ParseLimits& limits, Parser parser) {
  return detail::parse_yaml_documents(source, begin, end, first_document, limits, reader_for(parser),
                                      fallback_for(parser));
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
    if (detail::is_separator_line(text, pos) && text[pos] == '-') {
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
    if (detail::container_size(stack_.size() - f.first, f.kind) > Node::kMaxSize) return fail_too_big();
    if (f.kind == NodeKind::mapping) check_duplicate_keys(f.first);
    return add(detail::seal_container(tree_, stack_, f.first, f.kind, f.pos));
  }
  /// JSON allows duplicate names but leaves their meaning open; Kubernetes decodes strictly
  /// and rejects them, as it does in YAML.
  void check_duplicate_keys(std::uint32_t first) {
    const Node* pairs = stack_.data() + first;
    detail::for_each_duplicate_key(
        pairs, (stack_.size() - first) / 2,
        [&](const Node& k) -> std::optional<std::string_view> { return text_of(k); },
        [&](std::size_t a, std::size_t b) {
          duplicates_.push_back(detail::duplicate_key_problem(tree_, pairs[a], pairs[b], text_of(pairs[b])));
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
  detail::report_invalid_utf8(
      source, 0, static_cast<std::uint32_t>(source->text().size()), [](std::uint32_t) { return 0U; }, result.problems);
  Document doc;
  doc.tree = tree;
  if (!ok) {
    std::string message = builder.too_deep()  ? fmt::format("nesting deeper than {} levels", limits.max_depth)
                          : builder.too_big() ? std::string(detail::kTooBig)
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
  detail::finish_tree(tree, result, roots);
  return result;
}

}  // namespace

ParseResult parse(const std::shared_ptr<const SourceText>& source, InputFormat format, const ParseLimits& limits,
                  Parser parser) {
  const detail::ReaderFactory reader = reader_for(parser);
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
  return detail::parse_yaml_documents(source, begin, static_cast<std::uint32_t>(text.size()), 0, limits, reader,
                                      fallback_for(parser));
}

InputFormat format_for(std::string_view name) noexcept {
  if (name.size() >= 5 && name.substr(name.size() - 5) == ".json") return InputFormat::json;
  return InputFormat::yaml;
}

}  // namespace shipshape
