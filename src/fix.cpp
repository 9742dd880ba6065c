// Fixes written into the text: JSON patches of findings turned into minimal text edits.
#include "shipshape/fix.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <dtl/dtl.hpp>

#include "parse.hpp"

namespace shipshape {
namespace {

std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::vector<std::string> out;
  if (pointer.empty()) return out;
  std::size_t i = 1;
  while (true) {
    const std::size_t slash = pointer.find('/', i);
    std::string_view raw = pointer.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    std::string token;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '~' && k + 1 < raw.size()) {
        token += raw[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        token += raw[k];
      }
    }
    out.push_back(std::move(token));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return out;
}

std::optional<std::size_t> index_token(std::string_view t) {
  if (t.empty() || t.size() > 9 || (t.size() > 1 && t[0] == '0')) return std::nullopt;
  std::size_t n = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

/// `remove` of a list item: the last token is an index.
bool removes_item(const PatchOperation& op) {
  if (op.op != "remove") return false;
  const auto slash = op.path.rfind('/');
  return slash != std::string::npos && index_token(std::string_view(op.path).substr(slash + 1)).has_value();
}

std::string parent_pointer(const std::string& path) { return path.substr(0, path.rfind('/')); }

}  // namespace

Fix compose_fixes(const std::vector<Fix>& fixes) {
  Fix out;
  Fix removals;
  for (const Fix& fix : fixes) {
    for (const PatchOperation& op : fix) {
      Fix& into = removes_item(op) ? removals : out;
      if (std::find(into.begin(), into.end(), op) == into.end()) into.push_back(op);
    }
  }
  std::stable_sort(removals.begin(), removals.end(), [](const PatchOperation& a, const PatchOperation& b) {
    const std::string pa = parent_pointer(a.path);
    const std::string pb = parent_pointer(b.path);
    if (pa != pb) return pa < pb;
    return *index_token(a.path.substr(a.path.rfind('/') + 1)) > *index_token(b.path.substr(b.path.rfind('/') + 1));
  });
  out.insert(out.end(), removals.begin(), removals.end());
  return out;
}

namespace {

using Json = rapidjson::Document;

/// Why a fix cannot be written; caught per finding.
struct Refusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

/// Text of the source and the line arithmetic the edits need (offsets are bytes).
class Text {
 public:
  explicit Text(std::string_view t) : t_(t) {}
  [[nodiscard]] std::string_view str() const { return t_; }
  [[nodiscard]] std::size_t size() const { return t_.size(); }
  [[nodiscard]] char at(std::size_t i) const { return i < t_.size() ? t_[i] : '\0'; }
  [[nodiscard]] std::size_t line_start(std::size_t off) const {
    const std::size_t nl = off == 0 ? std::string_view::npos : t_.rfind('\n', off - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
  }
  /// Offset of the line's `\n` (or the end of the text).
  [[nodiscard]] std::size_t line_end(std::size_t off) const {
    const std::size_t nl = t_.find('\n', off);
    return nl == std::string_view::npos ? t_.size() : nl;
  }
  /// Offset just past the line's break (the next line's start, or the end of the text).
  [[nodiscard]] std::size_t next_line(std::size_t off) const {
    const std::size_t e = line_end(off);
    return e < t_.size() ? e + 1 : e;
  }
  [[nodiscard]] std::size_t column(std::size_t off) const { return off - line_start(off); }
  [[nodiscard]] std::size_t indent(std::size_t line_begin) const {
    std::size_t i = line_begin;
    while (i < t_.size() && t_[i] == ' ') ++i;
    return i - line_begin;
  }
  /// Whether only spaces (and a `- ` list marker when `dash_ok`) precede `off` on its line.
  [[nodiscard]] bool first_on_line(std::size_t off) const {
    for (std::size_t i = line_start(off); i < off; ++i) {
      if (t_[i] != ' ') return false;
    }
    return true;
  }
  /// Kind of a line: blank (or only a comment), or content.
  [[nodiscard]] bool is_content_line(std::size_t line_begin) const {
    std::size_t i = line_begin + indent(line_begin);
    while (i < t_.size() && (t_[i] == '\t' || t_[i] == '\r')) ++i;
    return i < t_.size() && t_[i] != '\n' && t_[i] != '#';
  }
  [[nodiscard]] bool is_document_marker(std::size_t line_begin) const {
    const std::string_view rest = t_.substr(line_begin, 3);
    return (rest == "---" || rest == "...") && (line_begin + 3 >= t_.size() || t_[line_begin + 3] == '\n' ||
                                                t_[line_begin + 3] == '\r' || is_space(t_[line_begin + 3]));
  }
  /// The end (a line's `\n`, or the text's end) of the block that starts on the line of `off`
  /// and whose lines are indented more than `col`; with `dash_at_col`, lines at `col` that start
  /// a list item belong to it too (a list written at its key's indentation).
  [[nodiscard]] std::size_t block_end(std::size_t off, std::size_t col, bool dash_at_col) const {
    std::size_t end = line_end(off);
    std::size_t line = next_line(off);
    while (line < t_.size()) {
      if (is_document_marker(line)) break;
      if (is_content_line(line)) {
        const std::size_t ind = indent(line);
        const bool dash = t_[line + ind] == '-' && (line + ind + 1 >= t_.size() || t_[line + ind + 1] == ' ' ||
                                                    t_[line + ind + 1] == '\n' || t_[line + ind + 1] == '\r');
        if (ind < col || (ind == col && !(dash_at_col && dash))) break;
        end = line_end(line);
      }
      line = next_line(line);
    }
    return end;
  }
  /// End of a quoted or plain scalar starting at `off`.
  [[nodiscard]] std::size_t scalar_end(std::size_t off, bool in_flow) const {
    const char c = at(off);
    if (c == '"') {
      for (std::size_t i = off + 1; i < t_.size(); ++i) {
        if (t_[i] == '\\') {
          ++i;
        } else if (t_[i] == '"') {
          return i + 1;
        }
      }
      throw Refusal("an unterminated quoted value");
    }
    if (c == '\'') {
      for (std::size_t i = off + 1; i < t_.size(); ++i) {
        if (t_[i] == '\'') {
          if (at(i + 1) == '\'') {
            ++i;
          } else {
            return i + 1;
          }
        }
      }
      throw Refusal("an unterminated quoted value");
    }
    if (c == '|' || c == '>') throw Refusal("a block scalar (| or >)");
    if (c == '!' || c == '&' || c == '*') throw Refusal("a tagged, anchored or aliased value");
    std::size_t i = off;
    while (i < t_.size() && t_[i] != '\n' && t_[i] != '\r') {
      if (in_flow && (t_[i] == ',' || t_[i] == ']' || t_[i] == '}')) break;
      if (t_[i] == '#' && i > off && is_space(t_[i - 1])) break;
      if (t_[i] == ':') {
        const char n = at(i + 1);
        if (n == ' ' || n == '\t' || n == '\n' || n == '\r' || n == '\0' ||
            (in_flow && (n == ',' || n == ']' || n == '}'))) {
          break;  // the end of a key
        }
      }
      ++i;
    }
    while (i > off && is_space(t_[i - 1])) --i;
    if (!in_flow && i == line_end_content(off)) {
      // A plain scalar continued on more indented lines: not written in place.
      const std::size_t next = next_line(off);
      if (next < t_.size() && is_content_line(next) && indent(next) > indent(line_start(off)) &&
          !is_document_marker(next)) {
        const std::size_t ni = next + indent(next);
        if (t_[ni] != '-' && t_.substr(ni).find(':') > line_end(ni) - ni) throw Refusal("a value on several lines");
      }
    }
    return i;
  }
  /// End of a flow collection starting at `off` (`{` or `[`), past its closing bracket.
  [[nodiscard]] std::size_t flow_end(std::size_t off) const {
    int depth = 0;
    for (std::size_t i = off; i < t_.size(); ++i) {
      const char c = t_[i];
      if (c == '"' || c == '\'') {
        i = scalar_end(i, true) - 1;
      } else if (c == '#' && i > off && is_space(t_[i - 1])) {
        i = line_end(i) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    throw Refusal("an unterminated flow collection");
  }

 private:
  [[nodiscard]] std::size_t line_end_content(std::size_t off) const {
    std::size_t e = line_end(off);
    std::size_t i = off;
    // Position after the last character that is not a space or part of a comment.
    std::size_t last = off;
    while (i < e) {
      if (t_[i] == '#' && i > off && is_space(t_[i - 1])) break;
      if (!is_space(t_[i]) && t_[i] != '\r') last = i + 1;
      ++i;
    }
    return last;
  }
  std::string_view t_;
};

// ---- rendering JSON values as YAML ----

bool plain_safe(std::string_view s) {
  if (s.empty()) return false;
  const char c0 = s[0];
  if ((c0 >= '0' && c0 <= '9') || c0 == '.' || c0 == '+' ||
      (c0 == '-' && (s.size() == 1 || (s[1] >= '0' && s[1] <= '9') || s[1] == '.'))) {
    return false;  // could read as a number
  }
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '/' || c == '-' || c == '=' || c == '@' || c == '+' || c == ':';
    if (!ok) return false;
  }
  if (s.back() == ':') return false;
  std::string lower;
  for (char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  static constexpr std::string_view kWords[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"};
  return std::find(std::begin(kWords), std::end(kWords), lower) == std::end(kWords);
}

std::string json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  v.Accept(w);
  return {b.GetString(), b.GetSize()};
}

std::string render_scalar(const rapidjson::Value& v) {
  if (v.IsString()) {
    const std::string_view s(v.GetString(), v.GetStringLength());
    return plain_safe(s) ? std::string(s) : json_text(v);
  }
  return json_text(v);
}

/// A scalar in the quoting style of the one it replaces (`"` or `'`), or as render_scalar.
std::string render_scalar_as(const rapidjson::Value& v, char quote) {
  if (!v.IsString()) return render_scalar(v);
  const std::string_view s(v.GetString(), v.GetStringLength());
  if (quote == '"') return json_text(v);
  if (quote == '\'' && std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  return render_scalar(v);
}

bool is_collection(const rapidjson::Value& v) { return v.IsObject() || v.IsArray(); }
bool is_empty_collection(const rapidjson::Value& v) {
  return (v.IsObject() && v.MemberCount() == 0) || (v.IsArray() && v.Empty());
}

std::string render_flow(const rapidjson::Value& v) {
  if (v.IsObject()) {
    if (v.MemberCount() == 0) return "{}";
    std::string out = "{";
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      if (out.size() > 1) out += ", ";
      out += render_scalar(m->name) + ": " + render_flow(m->value);
    }
    return out + "}";
  }
  if (v.IsArray()) {
    if (v.Empty()) return "[]";
    std::string out = "[";
    for (const auto& item : v.GetArray()) {
      if (out.size() > 1) out += ", ";
      out += render_flow(item);
    }
    return out + "]";
  }
  return render_scalar(v);
}

/// Lines of the members of a non-empty object at `indent`, each ending with `nl`.
std::string render_members(const rapidjson::Value& v, std::size_t indent, const std::string& nl);

/// ` value` (after `key:`) or a break and the nested block.
std::string render_after_key(const rapidjson::Value& v, std::size_t indent, const std::string& nl) {
  if (!is_collection(v) || is_empty_collection(v)) return " " + render_flow(v) + nl;
  if (v.IsObject()) return nl + render_members(v, indent + 2, nl);
  std::string out = nl;
  for (const auto& item : v.GetArray()) {
    out += std::string(indent + 2, ' ') + "-";
    if (item.IsObject() && item.MemberCount() > 0) {
      // The first member on the dash's line, the others under it.
      const std::string block = render_members(item, indent + 4, nl);
      out += " " + block.substr(indent + 4);
    } else {
      out += " " + render_flow(item) + nl;
    }
  }
  return out;
}

std::string render_members(const rapidjson::Value& v, std::size_t indent, const std::string& nl) {
  std::string out;
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    out += std::string(indent, ' ') + render_scalar(m->name) + ":" + render_after_key(m->value, indent, nl);
  }
  return out;
}

/// A list item at `dash` (the column of its `-`).
std::string render_item(const rapidjson::Value& v, std::size_t dash, const std::string& nl) {
  std::string out = std::string(dash, ' ') + "- ";
  if (v.IsObject() && v.MemberCount() > 0) {
    const std::string block = render_members(v, dash + 2, nl);
    return out + block.substr(dash + 2);
  }
  return out + render_flow(v) + nl;
}

// ---- planning: the patch operations against the original tree ----

/// A place in the original tree, with whether it lies inside a flow collection.
struct Place {
  Value node;
  bool flow = false;
};

bool flow_at(const Text& t, Value v) {
  const char c = t.at(v.offset());
  return (v.is_mapping() && c == '{') || (v.is_sequence() && c == '[');
}

/// A new or replacing value, built up by the operations that target it or what is inside it.
struct Pending {
  enum class Kind : std::uint8_t { member, item, replace } kind = Kind::member;
  std::string pointer;  // of the new node, relative to the object
  Value anchor;         // member: the mapping; item: the sequence; replace: the node replaced
  Value key;            // replace: its key node, when the node is the value of a mapping entry
  std::string key_text;
  bool flow = false;  // the anchor lies in (or is) a flow collection
  std::string json;   // the value, as JSON text
  std::set<std::size_t> findings;
};

struct Removal {
  Value node;
  Value key;  // for a mapping entry
  Value parent;
  bool flow = false;
  std::set<std::size_t> findings;
  Value parent_key;  // the key of the parent collection, when that is the value of a mapping entry
};

struct Edit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
  std::size_t order = 0;
  std::set<std::size_t> findings;
  std::size_t depth = 0;  // an inserted block's indentation: deeper blocks go first at one offset
};

/// Whether a node, or anything in it, is written with a YAML anchor or alias: its text starts
/// with `&` or `*` (a node's offset is that of its anchor when it has one), or it lies before
/// the node that holds it (entries merged in with `<<: *name`, items of an aliased collection).
bool uses_anchors(const Text& t, const Value& v, std::uint32_t holder = 0) {
  const std::uint32_t at = v.offset();
  if (at < holder || t.at(at) == '&' || t.at(at) == '*') return true;
  for (const Entry e : v.entries()) {
    if (uses_anchors(t, e.key, at) || uses_anchors(t, e.value, at)) return true;
  }
  for (const Value item : v.items()) {
    if (uses_anchors(t, item, at)) return true;
  }
  return false;
}

class Planner {
 public:
  Planner(const Text& text, Value object, bool object_flow, bool json)
      : text_(text), object_(object), object_flow_(object_flow), json_(json) {}

  /// Plans one finding's operations; on refusal the plan is left as it was before.
  void plan(std::size_t finding, const Fix& ops) {
    refuse_if_shared(object_, object_);
    const auto pending = pending_;
    const auto removals = removals_;
    const auto appended = appended_;
    const auto seen = seen_;
    try {
      for (const PatchOperation& op : ops) {
        if (!seen_.insert(op.op + '\n' + op.path + '\n' + op.value).second) continue;
        apply(finding, op);
      }
    } catch (const Refusal&) {
      pending_ = pending;
      removals_ = removals;
      appended_ = appended;
      seen_ = seen;
      throw;
    }
  }

  /// The edits of the plan; a value that cannot be written refuses its findings in `refused`.
  void edits(std::vector<Edit>& out, const std::string& nl, std::size_t& order,
             std::map<std::size_t, std::string>& refused) const {
    for (const Pending& p : pending_) {
      std::vector<Edit> mine;
      try {
        render(p, mine, nl, order);
      } catch (const Refusal& e) {
        for (std::size_t f : p.findings) refused[f] = e.what();
        continue;
      }
      out.insert(out.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
    }
    // Removals by collection: a flow collection is rewritten once without the removed members;
    // a block list that loses every item becomes `[]`; others lose their lines one by one.
    std::map<const detail::Node*, std::vector<const Removal*>> by_parent;
    for (const Removal& r : removals_) by_parent[r.parent.node()].push_back(&r);
    for (const auto& entry : by_parent) {
      const std::vector<const Removal*>& group = entry.second;
      const Removal& first = *group.front();
      try {
        if (first.flow) {
          render_flow_removals(group, out, order);
        } else if (!first.key && group.size() >= first.parent.size()) {
          render_emptied_list(group, out, order);
        } else {
          for (const Removal* r : group) {
            try {
              render_removal(*r, out, order);
            } catch (const Refusal& e) {
              for (std::size_t f : r->findings) refused[f] = e.what();
            }
          }
        }
      } catch (const Refusal& e) {
        for (const Removal* r : group) {
          for (std::size_t f : r->findings) refused[f] = e.what();
        }
      }
    }
  }

  static std::set<std::size_t> findings_of(const std::vector<const Removal*>& group) {
    std::set<std::size_t> out;
    for (const Removal* r : group) out.insert(r->findings.begin(), r->findings.end());
    return out;
  }

  /// A flow collection written again without the removed members, its spacing kept.
  void render_flow_removals(const std::vector<const Removal*>& group, std::vector<Edit>& out,
                            std::size_t& order) const {
    const Value parent = group.front()->parent;
    if (!flow_at(text_, parent)) throw Refusal("a collection inside a flow collection written without brackets");
    const std::size_t open = parent.offset();
    const std::size_t close = text_.flow_end(open) - 1;
    if (text_.str().substr(open, close - open).find('\n') != std::string_view::npos) {
      throw Refusal("a removal in a flow collection written on several lines");
    }
    const auto removed = [&](Value node) {
      return std::any_of(group.begin(), group.end(), [&](const Removal* r) { return r->node.same_node(node); });
    };
    std::string kept;
    const auto keep = [&](std::size_t b, std::size_t e) {
      if (!kept.empty()) kept += ", ";
      kept += text_.str().substr(b, e - b);
    };
    if (parent.is_mapping()) {
      for (const Entry& entry : parent.entries()) {
        if (!removed(entry.value)) keep(entry.key.offset(), value_end(entry.value, true, entry.key));
      }
    } else {
      for (Value item : parent.items()) {
        if (!removed(item)) keep(item.offset(), value_end(item, true, {}));
      }
    }
    std::size_t b = open + 1;
    while (b < close && is_space(text_.at(b))) ++b;
    std::size_t e = close;
    while (e > b && is_space(text_.at(e - 1))) --e;
    out.push_back({b, e, kept, order++, findings_of(group)});
  }

  /// A block list whose items all go: `key: []`, the comment on the key's line kept.
  void render_emptied_list(const std::vector<const Removal*>& group, std::vector<Edit>& out, std::size_t& order) const {
    const Removal& first = *group.front();
    if (!first.parent_key) throw Refusal("a removal that would leave a block list without a key empty");
    const std::size_t colon = after_colon(first.parent_key, false);
    const std::size_t key_line_end = text_.line_end(colon);
    const std::size_t end = text_.block_end(first.parent_key.offset(), text_.column(first.parent_key.offset()), true);
    if (end <= key_line_end) throw Refusal("a list on its key's line");
    out.push_back({colon, colon, " []", order++, findings_of(group)});
    out.push_back({text_.next_line(key_line_end), text_.next_line(end), "", order++, findings_of(group)});
  }

 private:
  void apply(std::size_t finding, const PatchOperation& op) {
    if (op.op != "add" && op.op != "replace" && op.op != "remove") {
      throw Refusal(fmt::format("the operation {} is not supported", op.op));
    }
    // Inside a value this plan adds or replaces?
    Pending* inside = nullptr;
    for (Pending& p : pending_) {
      if ((op.path == p.pointer || op.path.rfind(p.pointer + "/", 0) == 0) &&
          (!inside || p.pointer.size() > inside->pointer.size())) {
        inside = &p;
      }
    }
    if (inside) {
      if (op.path == inside->pointer && !inside->findings.count(finding)) {
        // Two fixes set one field to different values (two gates removed from one flag value,
        // say): the later one waits for the next run instead of undoing the first.
        throw Refusal("another fix sets the same field to a different value: the next round applies it");
      }
      edit_pending(*inside, op);
      inside->findings.insert(finding);
      return;
    }
    const auto tokens = pointer_tokens(op.path);
    if (tokens.empty()) throw Refusal("a patch of the whole object");
    Place parent{object_, object_flow_};
    Value parent_key;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      Place next = child(parent, tokens[i], op.path);
      parent_key = parent.node.is_mapping() ? parent.node.key_node(tokens[i]) : Value{};
      parent = next;
    }
    const std::string& last = tokens.back();
    const std::string parent_ptr = op.path.substr(0, op.path.rfind('/'));
    if (parent.node.is_mapping()) {
      const Value existing = parent.node[last];
      if (existing) refuse_if_shared(existing, parent.node, op.op == "remove");
      if (op.op == "remove") {
        if (!existing) throw Refusal(fmt::format("{} does not exist", op.path));
        removals_.push_back({existing, parent.node.key_node(last), parent.node, parent.flow, {finding}, parent_key});
        return;
      }
      Pending p;
      p.pointer = op.path;
      p.json = op.value;
      p.flow = parent.flow;
      p.findings = {finding};
      if (existing) {
        p.kind = Pending::Kind::replace;
        p.anchor = existing;
        p.key = parent.node.key_node(last);
      } else {
        if (op.op == "replace") throw Refusal(fmt::format("{} does not exist", op.path));
        p.kind = Pending::Kind::member;
        p.anchor = parent.node;
        p.key_text = last;
      }
      pending_.push_back(std::move(p));
      return;
    }
    if (parent.node.is_sequence()) {
      if (op.op == "add" && last == "-") {
        std::size_t& appended = appended_[parent.node.node()];
        Pending p;
        p.kind = Pending::Kind::item;
        p.pointer = fmt::format("{}/{}", parent_ptr, parent.node.size() + appended++);
        p.anchor = parent.node;
        p.flow = parent.flow;
        p.json = op.value;
        p.findings = {finding};
        pending_.push_back(std::move(p));
        return;
      }
      const auto index = index_token(last);
      const Value existing = index ? parent.node[*index] : Value{};
      if (!existing) throw Refusal(fmt::format("{} does not exist", op.path));
      refuse_if_shared(existing, parent.node, op.op == "remove");
      if (op.op == "add") throw Refusal("an insertion in the middle of a list");
      if (op.op == "remove") {
        removals_.push_back({existing, {}, parent.node, parent.flow, {finding}, parent_key});
        return;
      }
      Pending p;
      p.kind = Pending::Kind::replace;
      p.pointer = op.path;
      p.anchor = existing;
      p.flow = parent.flow;
      p.json = op.value;
      p.findings = {finding};
      pending_.push_back(std::move(p));
      return;
    }
    throw Refusal(fmt::format("the parent of {} is not a mapping or a list", op.path));
  }

  /// Refuses an edit at or under `node` (held by `holder`) when that text is shared through a
  /// YAML anchor: the edit would change every alias too, or would land in the anchor rather
  /// than where the alias or merge key (`<<: *name`) is. A removal also refuses a subtree that
  /// defines an anchor, which aliases elsewhere may name.
  void refuse_if_shared(const Value& node, const Value& holder, bool removal = false) const {
    const std::uint32_t at = node.offset();
    bool shared =
        at < holder.offset() || text_.at(at) == '&' || text_.at(at) == '*' || (removal && uses_anchors(text_, node));
    // A collection with entries merged in (`<<: *name`) or items of an alias: its members lie
    // in the anchor's text, before it; a new member would be written there.
    for (const Entry e : node.entries()) shared = shared || e.key.offset() < at || e.value.offset() < at;
    for (const Value item : node.items()) shared = shared || item.offset() < at;
    if (shared) throw Refusal("the value is shared through a YAML anchor or alias (&, *, <<): fix it by hand");
  }

  Place child(const Place& p, const std::string& token, const std::string& path) const {
    Value next;
    if (p.node.is_mapping()) {
      next = p.node[token];
    } else if (p.node.is_sequence()) {
      if (const auto i = index_token(token)) next = p.node[*i];
    }
    if (!next) throw Refusal(fmt::format("the parent of {} does not exist", path));
    refuse_if_shared(next, p.node);
    return {next, p.flow || flow_at(text_, next)};
  }

  static void edit_pending(Pending& p, const PatchOperation& op) {
    Json doc;
    doc.Parse(p.json.c_str(), p.json.size());
    if (doc.HasParseError()) throw Refusal("a fix value that is not JSON");
    if (op.path == p.pointer) {
      if (op.op == "remove") throw Refusal("a removal of a value another fix adds");
      p.json = op.value;
      return;
    }
    const auto tokens = pointer_tokens(std::string_view(op.path).substr(p.pointer.size()));
    rapidjson::Value* v = &doc;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (v->IsObject() && v->HasMember(tokens[i].c_str())) {
        v = &(*v)[tokens[i].c_str()];
      } else if (v->IsArray() && index_token(tokens[i]) && *index_token(tokens[i]) < v->Size()) {
        v = &(*v)[static_cast<rapidjson::SizeType>(*index_token(tokens[i]))];
      } else {
        throw Refusal(fmt::format("the parent of {} does not exist", op.path));
      }
    }
    const std::string& last = tokens.back();
    Json value;
    if (op.op != "remove") {
      value.Parse(op.value.c_str(), op.value.size());
      if (value.HasParseError()) throw Refusal("a fix value that is not JSON");
    }
    auto& alloc = doc.GetAllocator();
    if (v->IsObject()) {
      if (op.op == "remove") {
        v->RemoveMember(last.c_str());
      } else {
        rapidjson::Value copy(value, alloc);
        if (v->HasMember(last.c_str())) {
          (*v)[last.c_str()] = copy;
        } else {
          v->AddMember(rapidjson::Value(last.c_str(), alloc), copy, alloc);
        }
      }
    } else if (v->IsArray()) {
      if (op.op == "add" && last == "-") {
        v->PushBack(rapidjson::Value(value, alloc), alloc);
      } else {
        throw Refusal("an edit inside a list another fix adds");
      }
    } else {
      throw Refusal(fmt::format("the parent of {} is not a mapping or a list", op.path));
    }
    p.json = json_text(doc);
  }

  /// Where the value of a mapping entry starts: after the key and its colon.
  std::size_t after_colon(Value key, bool flow) const {
    std::size_t i = text_.scalar_end(key.offset(), flow);
    while (i < text_.size() && is_space(text_.at(i))) ++i;
    if (text_.at(i) != ':') throw Refusal("a key written in a way the fix does not follow");
    return i + 1;
  }

  void render(const Pending& p, std::vector<Edit>& out, const std::string& nl, std::size_t& order) const {
    Json v;
    v.Parse(p.json.c_str(), p.json.size());
    if (v.HasParseError()) throw Refusal("a fix value that is not JSON");
    Edit e;
    e.order = order++;
    e.findings = p.findings;
    switch (p.kind) {
      case Pending::Kind::replace: {
        const Value node = p.anchor;
        const std::size_t at = node.offset();
        if (node.is_scalar() && !is_collection(v)) {
          e.begin = at;
          e.end = text_.scalar_end(at, p.flow);
          e.text = json_ ? json_text(v) : render_scalar_as(v, text_.at(at));
          break;
        }
        if ((node.is_mapping() || node.is_sequence()) && flow_at(text_, node)) {
          e.begin = at;
          e.end = text_.flow_end(at);
          e.text = json_ ? json_text(v) : render_flow(v);
          break;
        }
        if (node.is_null() || node.is_scalar()) {
          if (!p.key) throw Refusal("a value without a key to write it under");
          // The value's text: from after the colon to the end of the line or a comment.
          std::size_t b = after_colon(p.key, p.flow);
          std::size_t end = b;
          while (end < text_.size() && is_space(text_.at(end))) ++end;
          const char c = text_.at(end);
          if (c != '\n' && c != '\r' && c != '#' && c != '\0' && !(p.flow && (c == ',' || c == '}'))) {
            end = text_.scalar_end(end, p.flow);
          } else {
            end = b;
          }
          if (p.flow || !is_collection(v) || is_empty_collection(v)) {
            e.begin = b;
            e.end = end;
            e.text = " " + render_flow(v);
            break;
          }
          // A block under the key: the rest of the line stays (a comment), the block follows it.
          const std::size_t key_col = text_.column(p.key.offset());
          e.begin = b;
          e.end = end;
          e.text = "";
          out.push_back(e);
          Edit block;
          block.order = order++;
          block.findings = p.findings;
          block.begin = block.end = text_.line_end(b);
          if (text_.at(block.begin - 1) == '\r' && block.begin > 0) block.begin = block.end = block.begin - 1;
          const std::string body = render_after_key(v, key_col, nl);  // starts with the line break
          block.text = body.substr(0, body.size() - nl.size());
          out.push_back(std::move(block));
          return;
        }
        throw Refusal("a replacement of a block mapping or list");
      }
      case Pending::Kind::member: {
        const Value map = p.anchor;
        Json key;
        key.SetString(p.key_text.c_str(), static_cast<rapidjson::SizeType>(p.key_text.size()), key.GetAllocator());
        if (p.flow) {
          if (!flow_at(text_, map)) throw Refusal("a mapping inside a flow collection written without braces");
          const std::size_t close = text_.flow_end(map.offset()) - 1;
          std::size_t b = close;
          while (b > map.offset() + 1 &&
                 (is_space(text_.at(b - 1)) || text_.at(b - 1) == '\n' || text_.at(b - 1) == '\r')) {
            --b;
          }
          const bool empty = map.empty();
          e.begin = e.end = b;
          e.text = json_ ? fmt::format("{}{}: {}", empty ? "" : ", ", json_text(key), json_text(v))
                         : fmt::format("{}{}: {}", empty ? "" : ", ", render_scalar(key), render_flow(v));
          break;
        }
        Value first_key;
        Value last_key;
        for (const Entry& entry : map.entries()) {
          if (!first_key) first_key = entry.key;
          last_key = entry.key;
        }
        if (!last_key) throw Refusal("an empty block mapping");
        const std::size_t col = text_.column(first_key.offset());
        const std::size_t end = text_.block_end(last_key.offset(), text_.column(last_key.offset()), true);
        e.begin = e.end = end < text_.size() ? end + 1 : end;
        e.depth = col;
        const std::string member = std::string(col, ' ') + render_scalar(key) + ":" + render_after_key(v, col, nl);
        e.text = end < text_.size() ? member : nl + member.substr(0, member.size() - nl.size());
        break;
      }
      case Pending::Kind::item: {
        const Value seq = p.anchor;
        if (p.flow) {
          if (!flow_at(text_, seq)) throw Refusal("a list inside a flow collection written without brackets");
          const std::size_t close = text_.flow_end(seq.offset()) - 1;
          std::size_t b = close;
          while (b > seq.offset() + 1 &&
                 (is_space(text_.at(b - 1)) || text_.at(b - 1) == '\n' || text_.at(b - 1) == '\r')) {
            --b;
          }
          e.begin = e.end = b;
          e.text = (seq.empty() ? "" : ", ") + (json_ ? json_text(v) : render_flow(v));
          break;
        }
        Value last;
        for (Value item : seq.items()) last = item;
        if (!last) throw Refusal("an empty block list");
        const std::size_t dash = dash_before(last);
        const std::size_t dash_col = text_.column(dash);
        const std::size_t end = text_.block_end(dash, dash_col, false);
        e.begin = e.end = end < text_.size() ? end + 1 : end;
        e.depth = dash_col;
        const std::string item = render_item(v, dash_col, nl);
        e.text = end < text_.size() ? item : nl + item.substr(0, item.size() - nl.size());
        break;
      }
    }
    out.push_back(std::move(e));
  }

  /// The `-` that introduces a block list item.
  std::size_t dash_before(Value item) const {
    std::size_t i = item.offset();
    if (text_.at(i) == '-' && (is_space(text_.at(i + 1)) || text_.at(i + 1) == '\n')) return i;
    const std::size_t start = text_.line_start(i);
    while (i > start) {
      --i;
      if (text_.at(i) == '-' && (i + 1 >= text_.size() || is_space(text_.at(i + 1)))) return i;
      if (!is_space(text_.at(i))) break;
    }
    throw Refusal("a list item whose dash is not on its line");
  }

  void render_removal(const Removal& r, std::vector<Edit>& out, std::size_t& order) const {
    {
      Edit e;
      e.order = order++;
      e.findings = r.findings;
      if (r.flow) {
        // `key: value` or the item, with the comma on one side.
        const std::size_t b = r.key ? r.key.offset() : r.node.offset();
        std::size_t end = value_end(r.node, true, r.key);
        std::size_t after = end;
        while (after < text_.size() && is_space(text_.at(after))) ++after;
        if (text_.at(after) == ',') {
          ++after;
          while (after < text_.size() && is_space(text_.at(after))) ++after;
          e.begin = b;
          e.end = after;
        } else {
          std::size_t before = b;
          while (before > 0 && is_space(text_.at(before - 1))) --before;
          if (before > 0 && text_.at(before - 1) == ',') {
            e.begin = before - 1;
          } else {
            e.begin = b;
          }
          e.end = end;
        }
        out.push_back(std::move(e));
        return;
      }
      if (r.key) {
        if (!text_.first_on_line(r.key.offset())) {
          throw Refusal("a removal of the first field of a list item");
        }
        const std::size_t col = text_.column(r.key.offset());
        e.begin = text_.line_start(r.key.offset());
        e.end = text_.next_line(text_.block_end(r.key.offset(), col, true));
      } else {
        const std::size_t dash = dash_before(r.node);
        if (!text_.first_on_line(dash)) throw Refusal("a removal of a list item that shares its line");
        std::size_t count = 0;
        for (const Removal& other : removals_) count += other.parent.same_node(r.parent) ? 1U : 0U;
        if (count >= r.parent.size()) throw Refusal("a removal that would leave a block list empty");
        e.begin = text_.line_start(dash);
        e.end = text_.next_line(text_.block_end(dash, text_.column(dash), false));
      }
      out.push_back(std::move(e));
    }
  }

  /// End of a value in a flow collection.
  std::size_t value_end(Value node, bool flow, Value key) const {
    if ((node.is_mapping() || node.is_sequence()) && flow_at(text_, node)) return text_.flow_end(node.offset());
    if (node.is_scalar()) return text_.scalar_end(node.offset(), flow);
    if (node.is_null() && key) {
      std::size_t i = after_colon(key, flow);
      while (i < text_.size() && is_space(text_.at(i))) ++i;
      const char c = text_.at(i);
      return (c == ',' || c == '}' || c == ']') ? i : text_.scalar_end(i, flow);
    }
    throw Refusal("a value the fix cannot delimit");
  }

  const Text& text_;
  Value object_;
  bool object_flow_;
  bool json_;  // a JSON file: new values are written as JSON
  std::vector<Pending> pending_;
  std::vector<Removal> removals_;
  std::map<const detail::Node*, std::size_t> appended_;
  std::set<std::string> seen_;
};

/// The node a JSON pointer names under `root` (List items), or absent.
Value locate(Value root, std::string_view pointer) {
  Value v = root;
  for (const std::string& t : pointer_tokens(pointer)) {
    if (v.is_mapping()) {
      v = v[t];
    } else if (const auto i = index_token(t); i && v.is_sequence()) {
      v = v[*i];
    } else {
      return {};
    }
  }
  return v;
}

}  // namespace

FixResult apply_fixes(std::string_view text, const std::string& name, const std::vector<Finding>& findings) {
  FixResult result;
  result.text = std::string(text);
  std::vector<const Finding*> wanted;
  for (const Finding& f : findings) {
    if (f.file == name && !f.fix.empty()) wanted.push_back(&f);
  }
  if (wanted.empty()) return result;
  const auto refuse_all = [&](std::string reason) {
    result.error = reason;
    for (const Finding* f : wanted) result.refused.push_back({*f, reason});
    return result;
  };
  if (text.find('\r') != std::string_view::npos && text.find("\r\n") == std::string_view::npos) {
    return refuse_all("the file breaks lines with CR alone");
  }
  auto source = std::make_shared<const SourceText>(name, std::string(text));
  if (source->text() != text) return refuse_all("the file is not valid UTF-8");
  const InputFormat format = format_for(name) == InputFormat::json || (!text.empty() && text.front() == '{')
                                 ? InputFormat::json
                                 : InputFormat::yaml;
  const ParseResult parsed = parse(source, format);
  if (!parsed.problems.empty()) {
    const Problem& p = parsed.problems.front();
    const Position at = source->position(p.offset);
    return refuse_all(fmt::format("the file does not parse (line {}, column {}: {})", at.line, at.column, p.message));
  }
  for (const Document& d : parsed.documents) {
    if (!d.helm_source.empty()) {
      return refuse_all(
          fmt::format("the file is `helm template` output (from {}): fix the chart's template instead", d.helm_source));
    }
  }
  const Text t(source->text());
  const std::string nl = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";

  // One planner per object, in the order of the findings.
  std::map<std::pair<std::uint32_t, std::string>, std::unique_ptr<Planner>> planners;
  std::vector<bool> planned(wanted.size(), false);
  std::vector<std::string> reason(wanted.size());
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const Finding& f = *wanted[i];
    const auto key = std::make_pair(f.document, f.object_pointer);
    auto it = planners.find(key);
    if (it == planners.end()) {
      const Document* doc = nullptr;
      for (const Document& d : parsed.documents) {
        if (d.index == f.document) doc = &d;
      }
      const Value object = doc ? locate(doc->root, f.object_pointer) : Value{};
      if (!object.is_mapping()) {
        reason[i] = "the object is no longer where the finding says (was the file changed?)";
        continue;
      }
      // Whether the object is inside a flow collection (a List written in flow style).
      bool flow = flow_at(t, doc->root);
      Value v = doc->root;
      for (const std::string& tok : pointer_tokens(f.object_pointer)) {
        v = v.is_mapping() ? v[tok] : v[*index_token(tok)];
        flow = flow || flow_at(t, v);
      }
      it = planners.emplace(key, std::make_unique<Planner>(t, object, flow, format == InputFormat::json)).first;
    }
    try {
      it->second->plan(i, f.fix);
      planned[i] = true;
    } catch (const Refusal& e) {
      reason[i] = e.what();
    }
  }

  std::vector<Edit> edits;
  std::size_t order = 0;
  std::map<std::size_t, std::string> refused;
  for (const auto& entry : planners) entry.second->edits(edits, nl, order, refused);
  for (const auto& [i, why] : refused) {
    planned[i] = false;
    reason[i] = why;
  }
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.depth != b.depth) return a.depth > b.depth;
    return a.order < b.order;
  });
  // Overlapping edits: both sides refused.
  for (std::size_t i = 1; i < edits.size(); ++i) {
    const Edit& a = edits[i - 1];
    const Edit& b = edits[i];
    if (b.begin < a.end || (b.begin == a.begin && a.end > a.begin && b.end > b.begin)) {
      for (const Edit* e : {&a, &b}) {
        for (std::size_t f : e->findings) {
          planned[f] = false;
          reason[f] = "another fix edits the same text";
        }
      }
    }
  }
  // An edit is written only when every finding behind it is; a finding behind a dropped edit
  // is not applied either (until nothing changes).
  for (bool changed = true; changed;) {
    changed = false;
    for (const Edit& e : edits) {
      bool all = true;
      for (std::size_t f : e.findings) all = all && planned[f];
      if (all) continue;
      for (std::size_t f : e.findings) {
        if (planned[f]) {
          planned[f] = false;
          reason[f] = "it shares an edit with a fix that could not be written";
          changed = true;
        }
      }
    }
  }
  std::string out;
  std::size_t pos = 0;
  for (const Edit& e : edits) {
    bool keep = true;
    for (std::size_t f : e.findings) keep = keep && planned[f];
    if (!keep || e.begin < pos) continue;
    out.append(text.substr(pos, e.begin - pos));
    out += e.text;
    pos = e.end;
  }
  out.append(text.substr(pos));

  // The result must still parse; otherwise nothing is written.
  auto check = std::make_shared<const SourceText>(name, out);
  if (!parse(check, format).problems.empty()) {
    return refuse_all("the edited text would not parse (a bug: please report it)");
  }
  result.text = std::move(out);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (planned[i]) {
      result.applied.push_back(*wanted[i]);
    } else {
      result.refused.push_back({*wanted[i], reason[i]});
    }
  }
  return result;
}

std::string unified_diff(std::string_view before, std::string_view after, const std::string& from,
                         const std::string& to) {
  if (before == after) return {};
  // Lines keep their line break, so that a last line without one differs from the same line
  // with one; it is printed with diff's "\ No newline at end of file" marker.
  const auto lines = [](std::string_view t) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < t.size()) {
      const std::size_t nl = t.find('\n', i);
      const std::size_t end = nl == std::string_view::npos ? t.size() : nl + 1;
      out.emplace_back(t.substr(i, end - i));
      i = end;
    }
    return out;
  };
  const std::vector<std::string> a = lines(before);
  const std::vector<std::string> b = lines(after);
  dtl::Diff<std::string, std::vector<std::string>> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::string out = fmt::format("--- {}\n+++ {}\n", from, to);
  const auto line = [&out](char mark, const std::string& text) {
    out += mark;
    out += text;
    if (text.empty() || text.back() != '\n') out += "\n\\ No newline at end of file\n";
  };
  for (const auto& hunk : diff.getUniHunks()) {
    out += fmt::format("@@ -{},{} +{},{} @@\n", hunk.a, hunk.b, hunk.c, hunk.d);
    for (const auto& e : hunk.common[0]) line(' ', e.first);
    for (const auto& e : hunk.change) {
      line(e.second.type == dtl::SES_ADD ? '+' : e.second.type == dtl::SES_DELETE ? '-' : ' ', e.first);
    }
    for (const auto& e : hunk.common[1]) line(' ', e.first);
  }
  return out;
}

}  // namespace shipshape
