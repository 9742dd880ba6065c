// The libfyaml front end: libfyaml's event API feeding the shared TreeBuilder, with every node
// placed at the offset yaml-cpp gives it, so that both front ends build the same tree.
#include <libfyaml.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "tree_builder.hpp"

namespace shipshape::detail {

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Owns one event from the parser.
class Event {
 public:
  Event(fy_parser* parser, fy_event* event) noexcept : parser_(parser), event_(event) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { fy_parser_event_free(parser_, event_); }
  fy_event* operator->() const noexcept { return event_; }
  [[nodiscard]] fy_event* get() const noexcept { return event_; }

 private:
  fy_parser* parser_;
  fy_event* event_;
};

/// libfyaml over bytes [begin, end) of the source. Marks are offsets into that stretch; tokens
/// start after the `&` of an anchor, the `*` of an alias and the quote of a quoted scalar, and a
/// block scalar's token starts on the line after its indicator, where yaml-cpp's marks point at
/// those characters: the reader moves its offsets there.
struct DiagDeleter {
  void operator()(fy_diag* d) const noexcept { fy_diag_destroy(d); }
};
struct ParserDeleter {
  void operator()(fy_parser* p) const noexcept { fy_parser_destroy(p); }
};
struct IterDeleter {
  void operator()(fy_token_iter* i) const noexcept { fy_token_iter_destroy(i); }
};

/// A libfyaml parser with its diagnostics and token iterator. The loader hands the parser one
/// document at a time, and creating these costs about as much as parsing a small document, so
/// each thread keeps the last set that finished without an error and resets it for the next
/// document (a set that saw an error is destroyed: its diagnostics keep the collected errors).
struct FyamlParser {
  // Destroyed in reverse order: the parser, then its diagnostics.
  std::unique_ptr<fy_diag, DiagDeleter> diag;
  std::unique_ptr<fy_parser, ParserDeleter> parser;
  std::unique_ptr<fy_token_iter, IterDeleter> iter;

  static FyamlParser create() {
    FyamlParser p;
    // Nothing printed: errors are collected and reported as findings. (fy_diag_cfg_default would
    // ask whether stderr is a terminal, a system call per input.)
    fy_diag_cfg diag_cfg{};
    diag_cfg.fp = nullptr;
    diag_cfg.output_fn = nullptr;
    diag_cfg.level = FYET_ERROR;
    diag_cfg.module_mask = ~0U;
    p.diag.reset(fy_diag_create(&diag_cfg));
    if (!p.diag) throw std::bad_alloc();
    fy_diag_set_collect_errors(p.diag.get(), true);
    fy_parse_cfg cfg{};
    // Flow collections and multi-line quoted strings indented less than YAML 1.2 requires are
    // common in real manifests and accepted by kubectl (and yaml-cpp): accept them too.
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_JSON_NONE | FYPCF_SLOPPY_FLOW_INDENTATION);
    cfg.diag = p.diag.get();
    p.parser.reset(fy_parser_create(&cfg));
    p.iter.reset(fy_token_iter_create(nullptr));
    if (!p.parser || !p.iter) throw std::bad_alloc();
    return p;
  }

  /// A parser for the next input: this thread's spare one, reset, or a new one.
  static FyamlParser take() {
    std::optional<FyamlParser>& spare = spare_slot();
    if (spare && fy_parser_reset(spare->parser.get()) == 0) {
      FyamlParser p = std::move(*spare);
      spare.reset();
      return p;
    }
    spare.reset();
    return create();
  }

  /// Keeps `p` for the next input on this thread when it saw no error.
  static void give_back(FyamlParser&& p) {
    if (!p.parser || fy_diag_got_error(p.diag.get())) return;
    spare_slot() = std::move(p);
  }

 private:
  static std::optional<FyamlParser>& spare_slot() {
    thread_local std::optional<FyamlParser> spare;
    return spare;
  }
};

class FyamlReader final : public DocumentReader {
 public:
  FyamlReader(std::string_view text, std::uint32_t begin, std::uint32_t end) : text_(text), base_(begin), end_(end) {
    // libfyaml 0.7 ends its input at a NUL byte without a word; stop there and say so.
    if (const void* nul = std::memchr(text.data() + begin, '\0', end - begin)) {
      nul_ = static_cast<std::uint32_t>(static_cast<const char*>(nul) - text.data());
      end_ = nul_;
    }
    if (fy_parser_set_string(parser(), text.data() + begin, end_ - begin) != 0) throw std::bad_alloc();
    last_end_ = begin;
  }
  FyamlReader(const FyamlReader&) = delete;
  FyamlReader& operator=(const FyamlReader&) = delete;
  ~FyamlReader() override {
    pending_.release();
    if (stream_ended_) FyamlParser::give_back(std::move(fy_));
  }

  bool next(TreeBuilder& builder) override {
    if (stream_ended_) return false;
    for (;;) {
      Event e = next_event();
      switch (e->type) {
        case FYET_NONE:
        case FYET_STREAM_START:
          break;
        case FYET_STREAM_END:
          stream_ended_ = true;
          if (nul_ != TreeBuilder::kNone) throw_nul();
          if (fy_token* t = e->stream_end.stream_end) check_whole_input_read(start_of(t));
          return false;
        case FYET_DOCUMENT_START: {
          anchors_.clear();
          next_anchor_ = 1;
          block_columns_.clear();
          std::uint32_t at = next_token(last_end_, false);
          if (fy_token* t = e->document_start.document_start) {
            at = start_of(t);
            last_end_ = end_of(t);
          }
          builder.document_start(at);
          break;
        }
        case FYET_DOCUMENT_END:
          if (fy_token* t = e->document_end.document_end) last_end_ = end_of(t);
          // A NUL byte cut this document short: it is not a document yaml-cpp would accept.
          if (nul_ != TreeBuilder::kNone && at_stream_end()) throw_nul();
          builder.document_end();
          return true;
        case FYET_MAPPING_START:
          open(builder, NodeKind::mapping, e->mapping_start.anchor, e->mapping_start.tag,
               e->mapping_start.mapping_start);
          break;
        case FYET_SEQUENCE_START:
          open(builder, NodeKind::sequence, e->sequence_start.anchor, e->sequence_start.tag,
               e->sequence_start.sequence_start);
          break;
        case FYET_MAPPING_END:
          close(builder, e->mapping_end.mapping_end);
          break;
        case FYET_SEQUENCE_END:
          close(builder, e->sequence_end.sequence_end);
          break;
        case FYET_SCALAR:
          scalar(builder, e.get());
          break;
        case FYET_ALIAS:
          alias(builder, e->alias.anchor);
          break;
      }
    }
  }

 private:
  Event next_event() {
    if (pending_.event) {
      fy_event* e = pending_.event;
      pending_.event = nullptr;
      return {parser(), e};
    }
    fy_event* e = fy_parser_parse(parser());
    if (!e) throw_error();
    return {parser(), e};
  }

  /// Whether the next event ends the stream (kept for the next call).
  bool at_stream_end() {
    if (!pending_.event) {
      pending_.parser = parser();
      pending_.event = fy_parser_parse(parser());
    }
    return pending_.event && pending_.event->type == FYET_STREAM_END;
  }

  /// libfyaml 0.7 ends the stream without an error at a byte that cannot start a UTF-8
  /// character outside a scalar: the rest of the input would be dropped silently. Refuse it.
  void check_whole_input_read(std::uint32_t stream_end) const {
    std::uint32_t p = std::max(stream_end, last_end_);
    while (p < end_) {
      if (is_blank(text_[p])) {
        ++p;
      } else if (text_[p] == '#') {
        while (p < end_ && text_[p] != '\n' && text_[p] != '\r') ++p;
      } else {
        break;
      }
    }
    if (p >= end_) return;
    const auto byte = static_cast<unsigned>(static_cast<unsigned char>(text_[p]));
    throw BuildError{p, byte >= 0x80U
                            ? fmt::format("malformed UTF-8 (byte 0x{:02X}); the rest of the file cannot be read", byte)
                            : std::string("the YAML parser stopped before the end of the input")};
  }

  [[noreturn]] void throw_nul() const {
    throw BuildError{nul_, fmt::format("the file holds binary data (a NUL byte at offset {}), not YAML", nul_)};
  }

  /// The first error libfyaml reported, as a BuildError.
  [[noreturn]] void throw_error() const {
    void* iter = nullptr;
    while (const fy_diag_error* err = fy_diag_errors_iterate(diag(), &iter)) {
      if (err->type != FYET_ERROR || !err->msg) continue;
      std::uint32_t at = last_end_;
      if (err->fyt) {
        if (const fy_mark* m = fy_token_start_mark(err->fyt)) at = base_ + static_cast<std::uint32_t>(m->input_pos);
      }
      const std::string_view message = err->msg;
      throw BuildError{at, std::string(message),
                       message == "did not find expected node content" && after_bare_dash(at)};
    }
    throw BuildError{last_end_, "invalid YAML; the document cannot be parsed"};
  }

  /// Whether the last line with content before the line of `at` is a bare `-`: libfyaml 0.7
  /// refuses an empty last item of a sequence indented like its parent key (`key:` then `-`),
  /// fixed upstream in 2026 (commit 1ea2baa); yaml-cpp reads such documents again.
  [[nodiscard]] bool after_bare_dash(std::uint32_t at) const noexcept {
    auto is_break = [this](std::uint32_t i) { return text_[i] == '\n' || text_[i] == '\r'; };
    // The content of a line up to `end`, without its comment and surrounding blanks.
    auto content = [this](std::uint32_t begin, std::uint32_t end) {
      std::string_view line = text_.substr(begin, end - begin);
      if (const auto comment = line.find(" #"); comment != std::string_view::npos) line = line.substr(0, comment);
      if (!line.empty() && line[0] == '#') return std::string_view{};
      const auto first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos) return std::string_view{};
      return line.substr(first, line.find_last_not_of(" \t") - first + 1);
    };
    std::uint32_t p = std::min(at, end_);
    std::uint32_t begin = p;
    while (begin > base_ && !is_break(begin - 1)) --begin;
    if (content(begin, p) == "-") return true;  // the error is at the end of the `-` line
    while (begin > base_) {
      std::uint32_t end = begin - 1;
      if (end > base_ && text_[end] == '\n' && text_[end - 1] == '\r') --end;
      begin = end;
      while (begin > base_ && !is_break(begin - 1)) --begin;
      const std::string_view line = content(begin, end);
      if (!line.empty()) return line == "-";
    }
    return false;
  }

  [[nodiscard]] std::uint32_t start_of(fy_token* t) const noexcept {
    const fy_mark* m = fy_token_start_mark(t);
    return m ? base_ + static_cast<std::uint32_t>(m->input_pos) : TreeBuilder::kNone;
  }
  [[nodiscard]] std::uint32_t end_of(fy_token* t) const noexcept {
    const fy_mark* m = fy_token_end_mark(t);
    return m ? base_ + static_cast<std::uint32_t>(m->input_pos) : last_end_;
  }

  /// Offset of the next token from `from` on: skips blanks, line breaks and comments and, when
  /// `indicator` is set, one `-`, `?` or `:` indicator and the blanks after it. yaml-cpp places
  /// an empty node at the token after its indicator, and a block scalar at its `|` or `>`.
  [[nodiscard]] std::uint32_t next_token(std::uint32_t from, bool indicator,
                                         std::uint32_t* skipped = nullptr) const noexcept {
    auto skip = [this](std::uint32_t p) {
      while (p < end_) {
        const char c = text_[p];
        if (is_blank(c)) {
          ++p;
        } else if (c == '#') {
          while (p < end_ && text_[p] != '\n' && text_[p] != '\r') ++p;
        } else {
          break;
        }
      }
      return p;
    };
    std::uint32_t p = skip(from);
    if (indicator && p < end_ && (text_[p] == '-' || text_[p] == '?' || text_[p] == ':')) {
      const char after = p + 1 < end_ ? text_[p + 1] : ' ';
      const bool flow_end = text_[p] == ':' && (after == ',' || after == '}' || after == ']');
      if (is_blank(after) || flow_end) {
        if (skipped) *skipped = p;
        p = skip(p + 1);
      }
    }
    return p;
  }

  /// Offset of the first property (anchor or tag) of a node, or kNone.
  [[nodiscard]] std::uint32_t properties_at(fy_token* anchor, fy_token* tag) const noexcept {
    std::uint32_t at = TreeBuilder::kNone;
    if (anchor) at = start_of(anchor) - 1;  // the `&`
    if (tag) at = std::min(at, start_of(tag));
    return at;
  }

  [[nodiscard]] std::uint32_t props_end(fy_token* anchor, fy_token* tag) const noexcept {
    std::uint32_t end = 0;
    if (anchor) end = std::max(end, end_of(anchor));
    if (tag) end = std::max(end, end_of(tag));
    return end;
  }

  void note_properties_end(fy_token* anchor, fy_token* tag) noexcept {
    if (anchor) last_end_ = std::max(last_end_, end_of(anchor));
    if (tag) last_end_ = std::max(last_end_, end_of(tag));
  }

  std::uint32_t define_anchor(fy_token* anchor) {
    if (!anchor) return 0;
    const std::uint32_t start = start_of(anchor);
    const std::uint32_t id = next_anchor_++;
    anchors_[text_.substr(start, end_of(anchor) - start)] = id;
    return id;
  }

  void open(TreeBuilder& builder, NodeKind kind, fy_token* anchor, fy_token* tag, fy_token* token) {
    const fy_mark* mark = token ? fy_token_start_mark(token) : nullptr;
    std::uint32_t pos = properties_at(anchor, tag);
    if (pos == TreeBuilder::kNone)
      pos = mark ? base_ + static_cast<std::uint32_t>(mark->input_pos) : next_token(last_end_, true);
    note_properties_end(anchor, tag);
    if (token) last_end_ = std::max(last_end_, end_of(token));
    const fy_token_type type = token ? fy_token_get_type(token) : FYTT_NONE;
    const bool flow = type == FYTT_FLOW_MAPPING_START || type == FYTT_FLOW_SEQUENCE_START;
    // Only spaces and indicators precede a block collection on its line: the column is in bytes.
    block_columns_.push_back(flow || !mark ? -1 : static_cast<std::int32_t>(mark->column));
    builder.open(kind, pos, define_anchor(anchor), flow);
  }

  void close(TreeBuilder& builder, fy_token* token) {
    if (token) last_end_ = std::max(last_end_, end_of(token));
    if (!block_columns_.empty()) block_columns_.pop_back();
    builder.close();
  }

  void alias(TreeBuilder& builder, fy_token* anchor) {
    const std::uint32_t start = start_of(anchor);
    const std::uint32_t pos = start - 1;  // the `*`
    last_end_ = end_of(anchor);
    const std::string_view name = text_.substr(start, last_end_ - start);
    const auto it = anchors_.find(name);
    if (it == anchors_.end()) throw BuildError{pos, fmt::format("alias *{} names no anchor defined before it", name)};
    builder.alias(pos, it->second);
  }

  void scalar(TreeBuilder& builder, fy_event* e) {
    fy_token* value = e->scalar.value;
    fy_token* anchor = e->scalar.anchor;
    fy_token* tag = e->scalar.tag;
    const fy_scalar_style style = value ? fy_token_scalar_style(value) : FYSS_PLAIN;
    const fy_mark* start_mark = value ? fy_token_start_mark(value) : nullptr;
    const fy_mark* end_mark = start_mark ? fy_token_end_mark(value) : nullptr;
    const std::uint32_t value_start =
        start_mark ? base_ + static_cast<std::uint32_t>(start_mark->input_pos) : TreeBuilder::kNone;
    const std::uint32_t value_end =
        end_mark ? base_ + static_cast<std::uint32_t>(end_mark->input_pos) : (start_mark ? last_end_ : value_start);
    const bool one_line = start_mark && end_mark && start_mark->line == end_mark->line;

    std::uint32_t pos = properties_at(anchor, tag);
    const bool quoted = style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED;
    if (pos == TreeBuilder::kNone) {
      if (value_start == TreeBuilder::kNone || style == FYSS_LITERAL || style == FYSS_FOLDED) {
        // An empty node or a block scalar: at the token after the indicator that introduced it.
        std::uint32_t indicator = TreeBuilder::kNone;
        pos = next_token(last_end_, true, &indicator);
        // The next empty node (`-` then `-`) starts looking after this one's indicator.
        if (indicator != TreeBuilder::kNone) last_end_ = indicator + 1;
      } else {
        pos = quoted ? value_start - 1 : value_start;
      }
    }
    note_properties_end(anchor, tag);
    if (value_start != TreeBuilder::kNone) last_end_ = std::max(last_end_, value_end + (quoted ? 1U : 0U));
    if ((style == FYSS_LITERAL || style == FYSS_FOLDED) && value_start != TreeBuilder::kNone) {
      check_block_indentation(pos, value_start, value_end);
    }
    const std::uint32_t anchor_id = define_anchor(anchor);

    // The text: a slice of the source when the scalar is written there verbatim (one line, no
    // escapes, no doubled quotes), else libfyaml's unescaped, folded copy.
    std::string_view text;
    std::uint32_t in_source = TreeBuilder::kNone;
    if (one_line && (style == FYSS_PLAIN || style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED)) {
      // One line: plain text is verbatim, quoted text unless it holds an escape (`''`, `\`).
      const std::string_view slice = text_.substr(value_start, value_end - value_start);
      const char escape = style == FYSS_SINGLE_QUOTED ? '\'' : '\\';
      if (style == FYSS_PLAIN || std::memchr(slice.data(), escape, slice.size()) == nullptr) {
        text = slice;
        in_source = value_start;
      }
    }
    // Else the reader unfolds the common cases itself (libfyaml's token iterator is slow, and
    // wrong on some of them): plain and single-quoted scalars over several lines, and literal
    // block scalars without an explicit indentation.
    const std::string_view raw =
        value_start != TreeBuilder::kNone ? text_.substr(value_start, value_end - value_start) : std::string_view{};
    bool done = in_source != TreeBuilder::kNone || !value;
    if (!done && (style == FYSS_SINGLE_QUOTED || style == FYSS_PLAIN)) {
      text = fold_lines(raw, style == FYSS_SINGLE_QUOTED);
      done = true;
    } else if (!done && style == FYSS_LITERAL) {
      const std::uint32_t header = anchor || tag ? next_token(props_end(anchor, tag), false) : pos;
      if (const auto literal = literal_block(header, raw)) {
        text = *literal;
        done = true;
      }
    }
    if (!done) {
      if ((style == FYSS_LITERAL || style == FYSS_FOLDED) && value_end >= end_) {
        // At the end of the input fy_token_get_text is right more often than the iterator.
        std::size_t length = 0;
        const char* p = fy_token_get_text(value, &length);
        if (!p && length) throw BuildError{pos, "the YAML parser could not read this scalar"};
        text = block_at_end({p ? p : "", p ? length : 0}, value_start);
      } else {
        text = token_text(value, pos);
      }
    }

    bool plain = style == FYSS_PLAIN;
    if (tag) {
      std::size_t length = 0;
      const char* p = fy_token_get_text(tag, &length);
      const std::string_view t{p ? p : "", p ? length : 0};
      plain = t.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix && t.substr(kCoreTagPrefix.size()) != "str";
    } else if (plain && (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")) {
      builder.null(pos, anchor_id);
      return;
    }
    builder.scalar(pos, text, plain, anchor_id, in_source);
  }

  /// libfyaml 0.7 can take the lines after an empty block scalar for its content although they
  /// are no more indented than the mapping holding it (`a: |` then `b: 1` under it): the value
  /// swallows the next keys. Such a document is read again by yaml-cpp.
  void check_block_indentation(std::uint32_t pos, std::uint32_t content, std::uint32_t content_end) const {
    if (block_columns_.empty() || block_columns_.back() < 0) return;
    const auto parent = static_cast<std::uint32_t>(block_columns_.back());
    for (std::uint32_t p = content; p < content_end;) {
      std::uint32_t q = p;
      while (q < content_end && text_[q] == ' ') ++q;
      if (q < content_end && text_[q] != '\n' && text_[q] != '\r') {
        if (q - p <= parent) {
          throw BuildError{pos, "libfyaml took less indented lines for a block scalar's content", true};
        }
        return;
      }
      while (q < content_end && text_[q] != '\n' && text_[q] != '\r') ++q;
      p = q + 1;
    }
  }

  /// The unescaped, folded text of a token, read in chunks into the scratch buffer (one pass,
  /// where fy_token_get_text measures it, allocates, then formats it).
  std::string_view token_text(fy_token* token, std::uint32_t pos) {
    scratch_.clear();
    fy_token_iter_start(token, iter());
    int error = 0;
    for (const fy_iter_chunk* chunk = nullptr; (chunk = fy_token_iter_chunk_next(iter(), chunk, &error));) {
      scratch_.append(chunk->str, chunk->len);
    }
    fy_token_iter_finish(iter());
    if (error) throw BuildError{pos, "the YAML parser could not read this scalar"};
    return scratch_;
  }

  /// Calls `line(text, has_break)` for each line of `raw` (breaks: LF, CRLF or CR).
  template <typename Line>
  static void for_each_line(std::string_view raw, Line&& line) {
    const bool cr = std::memchr(raw.data(), '\r', raw.size()) != nullptr;
    std::size_t i = 0;
    while (i < raw.size()) {
      std::size_t e = i;
      if (!cr) {
        const void* nl = std::memchr(raw.data() + i, '\n', raw.size() - i);
        e = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - raw.data()) : raw.size();
      } else {
        while (e < raw.size() && raw[e] != '\n' && raw[e] != '\r') ++e;
      }
      const bool has_break = e < raw.size();
      line(raw.substr(i, e - i), has_break);
      i = e + (has_break && raw[e] == '\r' && e + 1 < raw.size() && raw[e + 1] == '\n' ? 2U : 1U);
    }
  }

  /// The value of a plain or single-quoted scalar from its source text: lines fold (a line break
  /// between two lines becomes a space, each empty line a line break, the blanks around breaks
  /// go), and in single quotes `''` is a quote. (libfyaml 0.7 garbles multi-line single-quoted
  /// scalars holding `''`: an extra quote, the last character lost.)
  std::string_view fold_lines(std::string_view raw, bool single_quoted) {
    scratch_.clear();
    std::size_t breaks = 0;  // line breaks since the last content
    bool first = true;
    auto append = [&](std::string_view text) {
      if (!single_quoted || text.find('\'') == std::string_view::npos) {
        scratch_.append(text);
        return;
      }
      for (std::size_t i = 0; i < text.size(); ++i) {
        scratch_.push_back(text[i]);
        if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
      }
    };
    for_each_line(raw, [&](std::string_view line, bool has_break) {
      if (!first) {
        const auto lead = line.find_first_not_of(" \t");
        line.remove_prefix(lead == std::string_view::npos ? line.size() : lead);
      }
      // Blanks before a line break are not content (those before the closing quote are).
      if (has_break) {
        const auto last = line.find_last_not_of(" \t");
        line = line.substr(0, last == std::string_view::npos ? 0 : last + 1);
      }
      if (!line.empty() || first) {
        if (!first) {
          if (breaks == 1) {
            scratch_.push_back(' ');
          } else {
            scratch_.append(breaks - 1, '\n');
          }
        }
        append(line);
        breaks = 0;
      }
      first = false;
      if (has_break) ++breaks;
    });
    if (breaks == 1) {
      scratch_.push_back(' ');
    } else if (breaks > 1) {
      scratch_.append(breaks - 1, '\n');
    }
    return scratch_;
  }

  /// The value of a literal block scalar (`|`, `|-`, `|+`) whose indicator is at `header`, from
  /// its content lines: each loses the indentation of the first line with content, and the line
  /// breaks at the end are kept as the chomping indicator says. Nothing for an explicit
  /// indentation indicator or an unusual shape, which libfyaml's iterator reads instead.
  std::optional<std::string_view> literal_block(std::uint32_t header, std::string_view raw) {
    if (header >= end_ || text_[header] != '|') return std::nullopt;
    char chomp = ' ';
    for (std::uint32_t p = header + 1; p < end_ && p <= header + 2; ++p) {
      const char c = text_[p];
      if (c >= '0' && c <= '9') return std::nullopt;
      if (c == '-' || c == '+') chomp = c;
    }
    // The indentation: the leading spaces of the first line with something else.
    std::size_t indent = std::string_view::npos;
    for (std::size_t i = 0; i < raw.size() && indent == std::string_view::npos;) {
      std::size_t spaces = 0;
      while (i + spaces < raw.size() && raw[i + spaces] == ' ') ++spaces;
      const std::size_t at = i + spaces;
      if (at < raw.size() && raw[at] != '\n' && raw[at] != '\r') {
        indent = spaces;
      } else {
        i = at + 1;
      }
    }
    if (indent == 0) return std::nullopt;  // content at the left margin (a top-level scalar): rare
    scratch_.clear();
    std::size_t pending = 0;  // line breaks since the last line with content
    bool any = false;         // a line with content was seen
    bool last_break = false;  // the last line with content ended in a break
    bool unusual = false;
    for_each_line(raw, [&](std::string_view line, bool has_break) {
      const std::size_t spaces = std::min(line.find_first_not_of(' '), line.size());
      // Content: something past the indentation (spaces too), or anything but spaces.
      const bool content = indent != std::string_view::npos && (line.size() > indent || spaces < line.size());
      if (!content) {
        pending += has_break ? 1U : 0U;
        return;
      }
      if (spaces < indent) unusual = true;  // less indented content: not a shape to handle here
      if (unusual) return;
      scratch_.append(pending, '\n');
      scratch_.append(line.substr(indent));
      pending = has_break ? 1U : 0U;
      last_break = has_break;
      any = true;
    });
    if (unusual) return std::nullopt;
    if (chomp == '+') {
      scratch_.append(pending, '\n');
    } else if (chomp == ' ' && any && last_break) {
      scratch_.push_back('\n');
    }
    return std::string_view(scratch_);
  }

  /// libfyaml 0.7 mistakes a block scalar that ends the input: with no line break after its last
  /// line it still ends the text with one (YAML keeps only a line break that is there, as
  /// yaml-cpp and libyaml do), and an empty one becomes a single NUL byte. Fixed upstream.
  [[nodiscard]] std::string_view block_at_end(std::string_view text, std::uint32_t content) const noexcept {
    if (text.size() == 1 && text[0] == '\0') return {};
    // The last line is content when it reaches past the block's indentation, which its first
    // line with something else than spaces sets.
    std::size_t indent = std::string_view::npos;
    for (std::uint32_t p = content; p < end_;) {
      std::uint32_t q = p;
      while (q < end_ && text_[q] == ' ') ++q;
      if (q < end_ && text_[q] != '\n' && text_[q] != '\r') {
        indent = q - p;
        break;
      }
      while (q < end_ && text_[q] != '\n' && text_[q] != '\r') ++q;
      p = q + 1;
    }
    std::uint32_t line = end_;
    while (line > base_ && text_[line - 1] != '\n' && text_[line - 1] != '\r') --line;
    if (indent != std::string_view::npos && end_ - line > indent && !text.empty() && text.back() == '\n') {
      text.remove_suffix(1);
    }
    return text;
  }

  std::string_view text_;  // the whole source
  std::uint32_t base_;
  std::uint32_t end_;
  std::uint32_t nul_ = TreeBuilder::kNone;
  [[nodiscard]] fy_parser* parser() const noexcept { return fy_.parser.get(); }
  [[nodiscard]] fy_diag* diag() const noexcept { return fy_.diag.get(); }
  [[nodiscard]] fy_token_iter* iter() const noexcept { return fy_.iter.get(); }

  struct PendingEvent {
    fy_parser* parser = nullptr;
    fy_event* event = nullptr;
    PendingEvent() = default;
    PendingEvent(const PendingEvent&) = delete;
    PendingEvent& operator=(const PendingEvent&) = delete;
    ~PendingEvent() { release(); }
    void release() noexcept {
      if (event) fy_parser_event_free(parser, event);
      event = nullptr;
    }
  };
  // Destroyed in reverse order: the pending event, then the parser set.
  FyamlParser fy_ = FyamlParser::take();
  PendingEvent pending_;
  bool stream_ended_ = false;
  std::uint32_t last_end_ = 0;  // offset just past the latest token an event carried
  std::unordered_map<std::string_view, std::uint32_t> anchors_;
  std::uint32_t next_anchor_ = 1;
  std::string scratch_;                      // a value the reader unescaped itself
  std::vector<std::int32_t> block_columns_;  // per open collection: its column if block, else -1
};

}  // namespace

std::unique_ptr<DocumentReader> make_libfyaml_reader(std::string_view text, std::uint32_t begin, std::uint32_t end) {
  return std::make_unique<FyamlReader>(text, begin, end);
}

}  // namespace shipshape::detail
