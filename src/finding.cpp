// Severity names, object references and field paths.
#include "shipshape/finding.hpp"

#include <cctype>

#include <fmt/format.h>

#include "internal.hpp"

namespace shipshape {

std::string_view to_string(Severity s) noexcept {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view s) noexcept {
  if (s == "info") return Severity::info;
  if (s == "warning") return Severity::warning;
  if (s == "error") return Severity::error;
  return std::nullopt;
}

std::string ObjectRef::display() const {
  if (kind.empty()) return {};
  if (name.empty()) return kind;
  if (ns.empty()) return fmt::format("{}/{}", kind, name);
  return fmt::format("{}/{}/{}", kind, ns, name);
}

FieldPath FieldPath::key(std::string_view k) const& {
  // Room for this segment and a couple more: paths grow one segment at a time.
  FieldPath copy;
  copy.segments_.reserve(segments_.size() + 3);
  copy.segments_ = segments_;
  copy.segments_.push_back({std::string(k), -1});
  return copy;
}

FieldPath&& FieldPath::key(std::string_view k) && {
  segments_.push_back({std::string(k), -1});
  return std::move(*this);
}

FieldPath FieldPath::index(std::size_t i) const& {
  FieldPath copy;
  copy.segments_.reserve(segments_.size() + 3);
  copy.segments_ = segments_;
  copy.segments_.push_back({{}, static_cast<std::int64_t>(i)});
  return copy;
}

FieldPath&& FieldPath::index(std::size_t i) && {
  segments_.push_back({{}, static_cast<std::int64_t>(i)});
  return std::move(*this);
}

namespace {

bool plain_identifier(std::string_view k) {
  if (k.empty()) return false;
  for (char c : k) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

FieldPath FieldPath::parse(std::string_view dotted) {
  FieldPath path;
  // One segment per `.` or `[`, and room for the few a caller usually adds.
  std::size_t separators = 1;
  for (const char c : dotted) separators += (c == '.' || c == '[') ? 1U : 0U;
  path.segments_.reserve(separators + 3);
  std::size_t i = 0;
  while (i < dotted.size()) {
    if (dotted[i] == '.') {
      ++i;
      continue;
    }
    if (dotted[i] == '[') {
      const std::size_t close = dotted.find(']', i);
      if (close == std::string_view::npos) break;
      std::string_view inner = dotted.substr(i + 1, close - i - 1);
      bool digits = !inner.empty() && inner.size() <= 18;
      for (char c : inner) digits = digits && c >= '0' && c <= '9';
      if (digits) {
        std::int64_t n = 0;
        for (char c : inner) n = n * 10 + (c - '0');
        path.segments_.push_back({{}, n});
      } else if (inner.size() >= 2 && inner.front() == '"' && inner.back() == '"') {
        path.segments_.push_back({std::string(inner.substr(1, inner.size() - 2)), -1});
      } else {
        // Not an index (found by fuzzing: reading it as one overflowed): a key as written.
        path.segments_.push_back({std::string(inner), -1});
      }
      i = close + 1;
      continue;
    }
    std::size_t end = find_any(dotted, ".[", i);
    if (end == std::string_view::npos) end = dotted.size();
    path.segments_.push_back({std::string(dotted.substr(i, end - i)), -1});
    i = end;
  }
  return path;
}

std::string FieldPath::str() const {
  std::string out;
  for (const auto& s : segments_) {
    if (s.index >= 0) {
      fmt::format_to(std::back_inserter(out), "[{}]", s.index);
    } else if (plain_identifier(s.key)) {
      if (!out.empty()) out.push_back('.');
      out += s.key;
    } else {
      fmt::format_to(std::back_inserter(out), "[\"{}\"]", s.key);
    }
  }
  return out;
}

std::string FieldPath::json_pointer() const {
  std::string out;
  for (const auto& s : segments_) {
    out.push_back('/');
    if (s.index >= 0) {
      out += std::to_string(s.index);
      continue;
    }
    for (char c : s.key) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

}  // namespace shipshape
