// The report stage: findings sorted, placed (line, column, object) and moved into the Report,
// after the inputs they point into are released.
#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "run.hpp"

namespace shipshape {

namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFU;

/// Line and column of offsets visited in increasing order within a source, found by scanning
/// forward from the previous one. Same answers as SourceText::position, without building (and
/// holding) a line table for every file that has a finding.
class LineCursor {
 public:
  Position position(const SourceText& source, std::uint32_t offset) {
    const std::string_view text = source.text();
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
    if (&source != source_ || offset < offset_) {
      source_ = &source;
      offset_ = 0;
      line_ = 1;
      line_start_ = 0;
    }
    const char* base = text.data();
    const char* p = base + offset_;
    const char* end = base + offset;
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      if (!nl) break;
      p = static_cast<const char*>(nl) + 1;
      ++line_;
      line_start_ = static_cast<std::uint32_t>(p - base);
    }
    offset_ = offset;
    // Columns count code points: every byte that is not a UTF-8 continuation byte.
    std::uint32_t column = 1;
    for (std::uint32_t i = line_start_; i < offset; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++column;
    }
    return {line_, column};
  }

 private:
  const SourceText* source_ = nullptr;
  std::uint32_t offset_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t line_start_ = 0;
};

/// `path` of a Kustomize `config.kubernetes.io/origin` annotation (a small YAML mapping:
/// `path: base/deployment.yaml`, and `repo`/`ref` for remote bases).
std::string_view kustomize_origin(const Resource& r) {
  const std::string_view text = r.annotation("config.kubernetes.io/origin");
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.substr(0, 5) != "path:") continue;
    line.remove_prefix(5);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    if (line.size() >= 2 && (line.front() == '"' || line.front() == '\'') && line.back() == line.front()) {
      line = line.substr(1, line.size() - 2);
    }
    return line;
  }
  return {};
}

/// The object references and Helm sources of the objects with findings, kept once the trees
/// they point into are gone: apiVersion, kind, namespace, name, Helm source and Kustomize origin of each object
/// back to back in one buffer (a few dozen bytes an object instead of five strings).
class Owners {
 public:
  std::uint32_t add(const Resource& r) {
    const ObjectRef ref = r.ref();
    const auto index = static_cast<std::uint32_t>(bounds_.size());
    std::array<std::uint32_t, kFields + 1> b{};
    b[0] = static_cast<std::uint32_t>(text_.size());
    std::size_t i = 0;
    for (const std::string_view field :
         {std::string_view(ref.api_version), std::string_view(ref.kind), std::string_view(ref.ns),
          std::string_view(ref.name), r.source().helm_source, kustomize_origin(r)}) {
      text_.append(field);
      b[++i] = static_cast<std::uint32_t>(text_.size());
    }
    bounds_.push_back(b);
    return index;
  }
  [[nodiscard]] ObjectRef ref(std::uint32_t i) const {
    return {std::string(field(i, 0)), std::string(field(i, 1)), std::string(field(i, 2)), std::string(field(i, 3))};
  }
  [[nodiscard]] std::string_view helm_source(std::uint32_t i) const { return field(i, 4); }
  [[nodiscard]] std::string_view origin(std::uint32_t i) const { return field(i, 5); }

 private:
  static constexpr std::size_t kFields = 6;
  [[nodiscard]] std::string_view field(std::uint32_t i, std::size_t f) const {
    return std::string_view(text_).substr(bounds_[i][f], bounds_[i][f + 1] - bounds_[i][f]);
  }
  std::string text_;
  std::vector<std::array<std::uint32_t, kFields + 1>> bounds_;
};

/// Stable order: file, position, rule, message, path.
void sort_findings(std::vector<PendingFinding*>& findings) {
  std::sort(findings.begin(), findings.end(), [](const PendingFinding* pa, const PendingFinding* pb) {
    const PendingFinding& a = *pa;
    const PendingFinding& b = *pb;
    if (a.file_index != b.file_index) return a.file_index < b.file_index;
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.slot->info->id != b.slot->info->id) return a.slot->info->id < b.slot->info->id;
    if (a.message != b.message) return a.message < b.message;
    return a.path < b.path;
  });
}

/// Resolves what the sorted findings need from the texts and trees: line, column, and the
/// object each belongs to (kept in the returned Owners). Afterwards no finding points into
/// the inputs.
Owners place_findings(std::vector<PendingFinding*>& findings, const std::vector<Resource>& resources) {
  Owners owners;
  std::vector<std::uint32_t> owner_of(resources.size(), kNone);
  LineCursor cursor;
  for (PendingFinding* p : findings) {
    PendingFinding& f = *p;
    const Position pos = cursor.position(*f.source, f.offset);
    f.line = pos.line;
    f.column = pos.column;
    if (!f.resource) continue;
    std::uint32_t& owner = owner_of[static_cast<std::size_t>(f.resource - resources.data())];
    if (owner == kNone) owner = owners.add(*f.resource);
    f.owner = owner;
    f.object_pointer = f.resource->source().pointer;
  }
  for (PendingFinding* p : findings) {
    p->resource = nullptr;
    p->source = nullptr;
  }
  return owners;
}

void trim_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace

std::vector<ObjectSummary> summarize_objects(const std::vector<Resource>& resources) {
  std::vector<ObjectSummary> out;
  out.reserve(resources.size());
  LineCursor lines;
  for (const Resource& r : resources) {
    ObjectSummary o;
    o.ref = r.ref();
    o.file = r.source().file();
    o.document = r.source().document;
    o.line = lines.position(r.source().tree->source(), r.root().offset()).line;
    for (const Entry e : r.labels().entries()) o.labels.emplace_back(e.key.str(), e.value.str());
    for (const Entry e : r.pod_labels().entries()) {
      if (!r.labels()[e.key.str()]) o.labels.emplace_back(e.key.str(), e.value.str());
    }
    out.push_back(std::move(o));
  }
  return out;
}

void fill_report(Report& report, std::vector<PendingFinding*>& findings, Sources& sources, Loaded& input) {
  sort_findings(findings);
  const Owners owners = place_findings(findings, input.resources);
  std::vector<std::string> file_names;
  file_names.reserve(sources.files.size());
  for (const Source& s : sources.files) file_names.push_back(s.text->name());
  std::vector<Resource>().swap(input.resources);
  std::vector<LoadedProblem>().swap(input.problems);
  std::vector<Source>().swap(sources.files);
  trim_memory();

  std::size_t suppressed = 0;
  for (const PendingFinding* p : findings) suppressed += p->suppressed ? 1U : 0U;
  report.findings.reserve(findings.size() - suppressed);
  report.suppressed.reserve(suppressed);
  for (PendingFinding* p : findings) {
    PendingFinding& f = *p;
    Finding out;
    out.rule = f.slot->info->id;
    out.severity = f.severity;
    out.message = std::move(f.message);
    out.file = file_names[f.file_index];
    out.line = f.line;
    out.column = f.column;
    out.document = f.document;
    out.path = std::move(f.path);
    if (f.owner != kNone) {  // problems before any object have none
      out.object = owners.ref(f.owner);
      out.helm_source = owners.helm_source(f.owner);
      out.origin = owners.origin(f.owner);
    }
    out.object_pointer = std::move(f.object_pointer);
    out.fix = std::move(f.fix);
    if (f.suppressed) {
      report.suppressed.push_back(std::move(out));
    } else {
      ++report.summary.by_severity[static_cast<std::size_t>(out.severity)];
      report.findings.push_back(std::move(out));
    }
  }
  report.summary.suppressed = static_cast<std::uint32_t>(report.suppressed.size());
}

}  // namespace shipshape
