// Reports for CI systems (GitHub workflow commands, GitLab code quality), fingerprints, the
// baseline file, and scores.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "internal.hpp"
#include "json_out.hpp"
#include "shipshape/report.hpp"
#include "shipshape/version.hpp"

namespace shipshape {
namespace {

/// FNV-1a, 64 bits: stable across platforms and releases, which std::hash is not.
class Fnv {
 public:
  explicit Fnv(std::uint64_t basis) : h_(basis) {}
  void add(std::string_view s) {
    for (const char c : s) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= 0x100000001b3ULL;
    }
    h_ ^= 0xFFU;  // field separator: ("ab", "c") and ("a", "bc") differ
    h_ *= 0x100000001b3ULL;
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return h_; }

 private:
  std::uint64_t h_;
};

/// `Kind ns/name: ` before a message, as the text report names objects.
std::string object_prefix(const ObjectRef& o) {
  if (o.kind.empty()) return {};
  if (o.name.empty()) return o.kind + ": ";
  return o.ns.empty() ? fmt::format("{} {}: ", o.kind, o.name) : fmt::format("{} {}/{}: ", o.kind, o.ns, o.name);
}

/// GitHub's escaping of a workflow command's message.
std::string github_data(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

/// GitHub's escaping of a workflow command's property value (also `:` and `,`).
std::string github_property(std::string_view s) {
  std::string out;
  for (const char c : github_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string_view github_command(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "notice";
  }
  return "notice";
}

std::map<std::string_view, const RuleInfo*> rules_by_id(const Report& report) {
  std::map<std::string_view, const RuleInfo*> out;
  for (const RuleInfo& r : report.rules) out.emplace(r.id, &r);
  return out;
}

std::string_view gitlab_severity(Severity s, bool security) {
  switch (s) {
    case Severity::error:
      return security ? "critical" : "major";
    case Severity::warning:
      return "minor";
    case Severity::info:
      return "info";
  }
  return "info";
}

std::string required_string(const rapidjson::Value& v, const char* name, const std::string& file, std::size_t i) {
  const auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) {
    throw std::runtime_error(fmt::format("{}: findings[{}] has no string \"{}\"", file, i, name));
  }
  return {it->value.GetString(), it->value.GetStringLength()};
}

std::string optional_string(const rapidjson::Value& v, const char* name) {
  const auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

}  // namespace

bool is_security_rule(const RuleInfo& rule) noexcept {
  static constexpr std::array<std::string_view, 8> kGroups{"Pod security",
                                                           "Role-based access control",
                                                           "Network policies",
                                                           "Configuration and secrets",
                                                           "Control plane",
                                                           "Nodes",
                                                           "etcd",
                                                           "Audit logging"};
  return std::find(kGroups.begin(), kGroups.end(), rule.group) != kGroups.end();
}

std::string fingerprint(const Finding& f) {
  std::array<Fnv, 2> hashes{Fnv(0xcbf29ce484222325ULL), Fnv(0x84222325cbf29ce4ULL)};
  for (Fnv& h : hashes) {
    h.add("shipshape-fingerprint-1");
    h.add(f.rule);
    if (f.object.kind.empty()) {
      h.add(f.file);
    } else {
      h.add(f.object.kind);
      h.add(f.object.ns);
      h.add(f.object.name);
    }
    h.add(f.path);
    h.add(f.message);
  }
  return fmt::format("{:016x}{:016x}", hashes[0].value(), hashes[1].value());
}

void write_github(const Report& report, std::ostream& out) {
  std::string text;
  for (const Finding& f : report.findings) {
    const std::string& source = f.source_file();
    std::string message = object_prefix(f.object) + f.message;
    std::string properties;
    if (source.empty()) {
      properties =
          fmt::format("file={},line={},col={}", github_property(f.file), std::max(1U, f.line), std::max(1U, f.column));
    } else {
      // Lines count in the rendered file, not in the template the annotation points at.
      properties = fmt::format("file={}", github_property(source));
      message += fmt::format(" (rendered at {}:{}:{})", f.file, f.line, f.column);
    }
    text += fmt::format("::{} {},title={}::{}\n", github_command(f.severity), properties,
                        github_property("shipshape " + f.rule), github_data(message));
  }
  for (const InputError& e : report.errors) {
    text += fmt::format("::error file={},title={}::{}\n", github_property(e.path),
                        github_property("shipshape input error"), github_data(e.message));
  }
  out << text;
}

void write_gitlab(const Report& report, std::ostream& out) {
  const auto rules = rules_by_id(report);
  Output output(out);
  auto& w = output.writer();
  std::unordered_map<std::string, std::uint32_t> seen;  // GitLab wants each fingerprint once
  w.StartArray();
  for (const Finding& f : report.findings) {
    std::string print = fingerprint(f);
    if (const std::uint32_t n = seen[print]++; n > 0) print = fmt::format("{}-{}", print, n);
    const auto rule = rules.find(f.rule);
    const bool security = rule != rules.end() && is_security_rule(*rule->second);
    const std::string& source = f.source_file();
    w.StartObject();
    key(w, "type");
    string(w, "issue");
    key(w, "description");
    string(w, object_prefix(f.object) + f.message);
    key(w, "check_name");
    string(w, f.rule);
    key(w, "fingerprint");
    string(w, print);
    key(w, "severity");
    string(w, gitlab_severity(f.severity, security));
    key(w, "location");
    w.StartObject();
    key(w, "path");
    string(w, source.empty() ? f.file : source);
    key(w, "lines");
    w.StartObject();
    key(w, "begin");
    w.Uint(source.empty() ? std::max(1U, f.line) : 1U);
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  output.finish();
}

void write_baseline(const Report& report, std::ostream& out) {
  Output output(out);
  auto& w = output.writer();
  w.StartObject();
  key(w, "schemaVersion");
  w.Int(1);
  key(w, "tool");
  w.StartObject();
  key(w, "name");
  string(w, "shipshape");
  key(w, "version");
  string(w, kVersion);
  w.EndObject();
  key(w, "findings");
  w.StartArray();
  for (const Finding& f : report.findings) {
    write_baseline_entry(
        w, BaselineEntry{fingerprint(f), f.rule, f.severity, f.object.display(), f.path, f.file, f.line, f.message});
  }
  w.EndArray();
  w.EndObject();
  output.finish();
}

Baseline Baseline::parse(std::string_view json_text, const std::string& name) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError()) {
    throw std::runtime_error(fmt::format("{}: not a baseline file: {} (at byte {})", name,
                                         rapidjson::GetParseError_En(doc.GetParseError()), doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) throw std::runtime_error(fmt::format("{}: not a baseline file: not a JSON object", name));
  // Through a const reference: comparing two non-const RapidJSON member iterators is ambiguous
  // in C++20 (its operator== takes a const iterator, so the reversed form matches too).
  const rapidjson::Value& root = doc;
  const auto version = root.FindMember("schemaVersion");
  if (version == root.MemberEnd() || !version->value.IsInt() || version->value.GetInt() != 1) {
    throw std::runtime_error(fmt::format("{}: not a baseline file of this version (schemaVersion 1)", name));
  }
  const auto findings = root.FindMember("findings");
  if (findings == root.MemberEnd() || !findings->value.IsArray()) {
    throw std::runtime_error(fmt::format("{}: not a baseline file: no \"findings\" array", name));
  }
  Baseline out;
  std::size_t i = 0;
  for (const auto& v : findings->value.GetArray()) {
    if (!v.IsObject()) throw std::runtime_error(fmt::format("{}: findings[{}] is not an object", name, i));
    BaselineEntry e;
    e.fingerprint = required_string(v, "fingerprint", name, i);
    e.rule = required_string(v, "rule", name, i);
    e.severity = parse_severity(optional_string(v, "severity")).value_or(Severity::warning);
    e.object = optional_string(v, "object");
    e.path = optional_string(v, "path");
    e.file = optional_string(v, "file");
    e.message = optional_string(v, "message");
    if (const auto line = v.FindMember("line"); line != v.MemberEnd() && line->value.IsUint()) {
      e.line = line->value.GetUint();
    }
    out.entries.push_back(std::move(e));
    ++i;
  }
  return out;
}

Baseline Baseline::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read baseline {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

void apply_baseline(Report& report, const Baseline& baseline, const std::string& file) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> open;  // fingerprint -> unmatched entries
  for (std::size_t i = baseline.entries.size(); i-- > 0;) open[baseline.entries[i].fingerprint].push_back(i);
  std::vector<bool> matched(baseline.entries.size(), false);
  std::vector<Finding> kept;
  kept.reserve(report.findings.size());
  BaselineComparison& cmp = report.baseline;
  cmp.used = true;
  cmp.file = file;
  for (Finding& f : report.findings) {
    const auto it = open.find(fingerprint(f));
    if (it != open.end() && !it->second.empty()) {
      matched[it->second.back()] = true;
      it->second.pop_back();
      ++cmp.known;
      --report.summary.by_severity[static_cast<std::size_t>(f.severity)];
      continue;
    }
    kept.push_back(std::move(f));
  }
  report.findings = std::move(kept);
  for (std::size_t i = 0; i < baseline.entries.size(); ++i) {
    if (!matched[i]) cmp.fixed.push_back(baseline.entries[i]);
  }
}

std::uint32_t object_score(std::uint32_t errors, std::uint32_t warnings, std::uint32_t info) noexcept {
  const std::uint64_t penalty = std::uint64_t{20} * errors + std::uint64_t{5} * warnings + info;
  return penalty >= 100 ? 0U : static_cast<std::uint32_t>(100 - penalty);
}

Scores compute_scores(const Report& report) {
  Scores out;
  std::map<std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>, std::size_t> index;
  for (const Finding& f : report.findings) {
    if (f.object.kind.empty()) continue;
    const auto k = std::make_tuple(std::string_view(f.object.kind), std::string_view(f.object.ns),
                                   std::string_view(f.object.name), std::string_view(f.file));
    auto [it, added] = index.emplace(k, out.objects.size());
    if (added) out.objects.push_back({f.object, f.file, 100, {}});
    ++out.objects[it->second].by_severity[static_cast<std::size_t>(f.severity)];
  }
  std::uint64_t total = 0;
  for (ObjectScore& o : out.objects) {
    o.score = object_score(o.by_severity[2], o.by_severity[1], o.by_severity[0]);
    total += o.score;
  }
  const std::uint64_t objects = std::max<std::uint64_t>(report.summary.objects, out.objects.size());
  if (objects > 0) {
    total += (objects - out.objects.size()) * 100;
    out.run = static_cast<std::uint32_t>((total * 2 + objects) / (objects * 2));  // rounded
  } else if (!report.findings.empty()) {
    out.run = 0;  // nothing could be checked, and something is wrong
  }
  std::stable_sort(out.objects.begin(), out.objects.end(),
                   [](const ObjectScore& a, const ObjectScore& b) { return a.score < b.score; });
  return out;
}

}  // namespace shipshape
