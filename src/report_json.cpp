// JSON, SARIF 2.1.0 and JUnit XML reports.
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "json.hpp"
#include "internal.hpp"
#include "shipshape/report.hpp"
#include "shipshape/version.hpp"

namespace shipshape {
namespace {

// Every string goes out as valid UTF-8 (file names and rule messages may not be): RapidJSON
// copies bytes as they are, and one invalid byte makes the whole report unreadable.
template <typename Writer>
void string(Writer& w, std::string_view s) {
  if (invalid_utf8_at(s) != std::string_view::npos) {
    const std::string valid = repair_utf8(s);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
    return;
  }
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
void key(Writer& w, std::string_view s) {
  if (invalid_utf8_at(s) != std::string_view::npos) {
    const std::string valid = repair_utf8(s);
    w.Key(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
    return;
  }
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
void string_or_null(Writer& w, std::string_view s) {
  if (s.empty()) {
    w.Null();
  } else {
    string(w, s);
  }
}

template <typename Writer>
void write_fix(Writer& w, const Fix& fix) {
  w.StartArray();
  for (const auto& op : fix) {
    w.StartObject();
    key(w, "op");
    string(w, op.op);
    key(w, "path");
    string(w, op.path);
    if (!op.value.empty()) {
      key(w, "value");
      w.RawValue(op.value.data(), op.value.size(), rapidjson::kObjectType);
    }
    w.EndObject();
  }
  w.EndArray();
}

template <typename Writer>
void write_object_ref(Writer& w, const ObjectRef& o) {
  if (o.kind.empty()) {
    w.Null();
    return;
  }
  w.StartObject();
  key(w, "apiVersion");
  string(w, o.api_version);
  key(w, "kind");
  string(w, o.kind);
  key(w, "namespace");
  string_or_null(w, o.ns);
  key(w, "name");
  string(w, o.name);
  w.EndObject();
}

template <typename Writer>
void write_finding(Writer& w, const Finding& f) {
  w.StartObject();
  key(w, "rule");
  string(w, f.rule);
  key(w, "severity");
  string(w, to_string(f.severity));
  key(w, "message");
  string(w, f.message);
  key(w, "file");
  string(w, f.file);
  key(w, "line");
  w.Uint(f.line);
  key(w, "column");
  w.Uint(f.column);
  key(w, "document");
  w.Uint(f.document);
  key(w, "path");
  string_or_null(w, f.path);
  key(w, "object");
  write_object_ref(w, f.object);
  key(w, "helmSource");
  string_or_null(w, f.helm_source);
  key(w, "objectPointer");
  string(w, f.object_pointer);
  key(w, "fix");
  if (f.fix.empty()) {
    w.Null();
  } else {
    write_fix(w, f.fix);
  }
  w.EndObject();
}

/// A RapidJSON output stream that buffers 64 KiB at a time into a std::ostream, so a big
/// report is never held whole in memory as text (and is not written a character at a time).
class BufferedStream {
 public:
  using Ch = char;
  explicit BufferedStream(std::ostream& out) : out_(out) { buffer_.reserve(kSize); }
  BufferedStream(const BufferedStream&) = delete;
  BufferedStream& operator=(const BufferedStream&) = delete;
  ~BufferedStream() { Flush(); }
  void Put(Ch c) {
    buffer_.push_back(c);
    if (buffer_.size() == kSize) Flush();
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kSize = std::size_t{64} * 1024;
  std::ostream& out_;
  std::string buffer_;
};

/// The pretty JSON writer over a BufferedStream.
class Output {
 public:
  explicit Output(std::ostream& out) : stream_(out), writer_(stream_) { writer_.SetIndent(' ', 2); }
  json::PrettyWriter<BufferedStream>& writer() { return writer_; }
  void finish() {
    stream_.Put('\n');
    stream_.Flush();
  }

 private:
  BufferedStream stream_;
  json::PrettyWriter<BufferedStream> writer_;
};

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "none";
}

/// Percent-encodes a relative path for a SARIF artifact URI.
std::string uri_of(std::string_view path) {
  std::string out;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", u);
    }
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  const std::string valid = invalid_utf8_at(text) == std::string_view::npos ? std::string() : repair_utf8(text);
  const std::string_view s = valid.empty() ? text : std::string_view(valid);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += "?";
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

}  // namespace

std::string finding_to_json(const Finding& finding) {
  json::StringBuffer buffer;
  json::Writer<json::StringBuffer> w(buffer);
  write_finding(w, finding);
  return {buffer.GetString(), buffer.GetSize()};
}

void write_json(const Report& report, std::ostream& out, bool include_suppressed) {
  Output output(out);
  auto& w = output.writer();
  w.StartObject();
  key(w, "schemaVersion");
  w.Int(kJsonSchemaVersion);
  key(w, "tool");
  w.StartObject();
  key(w, "name");
  string(w, "shipshape");
  key(w, "version");
  string(w, kVersion);
  w.EndObject();
  const Summary& s = report.summary;
  key(w, "summary");
  w.StartObject();
  key(w, "files");
  w.Uint(s.files);
  key(w, "documents");
  w.Uint(s.documents);
  key(w, "objects");
  w.Uint(s.objects);
  key(w, "skippedDocuments");
  w.Uint(s.skipped_documents);
  key(w, "controlledObjects");
  w.Uint(s.controlled);
  key(w, "objectsWithoutSchema");
  w.Uint(s.objects_without_schema);
  key(w, "rulesRun");
  w.Uint(s.rules_run);
  key(w, "findings");
  w.Uint(s.findings());
  key(w, "error");
  w.Uint(s.by_severity[2]);
  key(w, "warning");
  w.Uint(s.by_severity[1]);
  key(w, "info");
  w.Uint(s.by_severity[0]);
  key(w, "suppressed");
  w.Uint(s.suppressed);
  key(w, "errors");
  w.Uint(static_cast<unsigned>(report.errors.size()));
  w.EndObject();
  key(w, "findings");
  w.StartArray();
  for (const auto& f : report.findings) write_finding(w, f);
  w.EndArray();
  if (include_suppressed) {
    key(w, "suppressed");
    w.StartArray();
    for (const auto& f : report.suppressed) write_finding(w, f);
    w.EndArray();
  }
  key(w, "errors");
  w.StartArray();
  for (const auto& e : report.errors) {
    w.StartObject();
    key(w, "path");
    string(w, e.path);
    key(w, "message");
    string(w, e.message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  output.finish();
}

namespace {

/// `"name": {"text": text}`, SARIF's message and description objects.
template <typename Writer>
void text_object(Writer& w, std::string_view name, std::string_view text) {
  key(w, name);
  w.StartObject();
  key(w, "text");
  string(w, text);
  w.EndObject();
}

/// One `reportingDescriptor` of the driver's rules: a rule that ran.
template <typename Writer>
void sarif_rule(Writer& w, const RuleInfo& r) {
  w.StartObject();
  key(w, "id");
  string(w, r.id);
  text_object(w, "shortDescription", r.summary);
  text_object(w, "fullDescription", r.rationale);
  text_object(w, "help", r.remediation);
  key(w, "defaultConfiguration");
  w.StartObject();
  key(w, "level");
  string(w, sarif_level(r.severity));
  key(w, "enabled");
  w.Bool(r.enabled);
  w.EndObject();
  key(w, "properties");
  w.StartObject();
  key(w, "tags");
  w.StartArray();
  string(w, r.section);
  string(w, r.group);
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

/// `tool`: shipshape and the rules that ran.
template <typename Writer>
void sarif_tool(Writer& w, const std::vector<RuleInfo>& rules) {
  key(w, "tool");
  w.StartObject();
  key(w, "driver");
  w.StartObject();
  key(w, "name");
  string(w, "shipshape");
  key(w, "version");
  string(w, kVersion);
  key(w, "semanticVersion");
  string(w, kVersion);
  key(w, "rules");
  w.StartArray();
  for (const RuleInfo& r : rules) sarif_rule(w, r);
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
}

/// `locations` of a result: the file position and, for a finding on an object, the object
/// and field as a logical location.
template <typename Writer>
void sarif_locations(Writer& w, const Finding& f) {
  key(w, "locations");
  w.StartArray();
  w.StartObject();
  key(w, "physicalLocation");
  w.StartObject();
  key(w, "artifactLocation");
  w.StartObject();
  key(w, "uri");
  string(w, uri_of(f.file));
  w.EndObject();
  key(w, "region");
  w.StartObject();
  key(w, "startLine");
  w.Uint(std::max(1U, f.line));
  key(w, "startColumn");
  w.Uint(std::max(1U, f.column));
  w.EndObject();
  w.EndObject();
  if (!f.object.kind.empty()) {
    key(w, "logicalLocations");
    w.StartArray();
    w.StartObject();
    key(w, "fullyQualifiedName");
    string(w, f.path.empty() ? f.object.display() : f.object.display() + "." + f.path);
    key(w, "kind");
    string(w, "object");
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();
  w.EndArray();
}

/// One `result`: a finding, suppressed or not.
template <typename Writer>
void sarif_result(Writer& w, const Finding& f, bool suppressed,
                  const std::map<std::string, std::size_t, std::less<>>& rule_index) {
  w.StartObject();
  key(w, "ruleId");
  string(w, f.rule);
  if (auto it = rule_index.find(f.rule); it != rule_index.end()) {
    key(w, "ruleIndex");
    w.Uint64(it->second);
  }
  key(w, "level");
  string(w, sarif_level(f.severity));
  text_object(w, "message",
              f.object.kind.empty()
                  ? f.message
                  : fmt::format("{} {}: {}", f.object.kind,
                                f.object.ns.empty() ? f.object.name : f.object.ns + "/" + f.object.name, f.message));
  sarif_locations(w, f);
  if (suppressed) {
    key(w, "suppressions");
    w.StartArray();
    w.StartObject();
    key(w, "kind");
    string(w, "inSource");
    w.EndObject();
    w.EndArray();
  }
  key(w, "properties");
  w.StartObject();
  key(w, "path");
  string_or_null(w, f.path);
  key(w, "object");
  write_object_ref(w, f.object);
  if (!f.helm_source.empty()) {
    key(w, "helmSource");
    string(w, f.helm_source);
  }
  if (!f.object_pointer.empty()) {
    key(w, "objectPointer");
    string(w, f.object_pointer);
  }
  if (!f.fix.empty()) {
    key(w, "jsonPatch");
    write_fix(w, f.fix);
  }
  w.EndObject();
  w.EndObject();
}

/// `invocations`: whether every input was read and every rule ran, and what went wrong.
template <typename Writer>
void sarif_invocations(Writer& w, const std::vector<InputError>& errors) {
  key(w, "invocations");
  w.StartArray();
  w.StartObject();
  key(w, "executionSuccessful");
  w.Bool(errors.empty());
  key(w, "toolExecutionNotifications");
  w.StartArray();
  for (const auto& e : errors) {
    w.StartObject();
    key(w, "level");
    string(w, "error");
    text_object(w, "message", fmt::format("{}: {}", e.path, e.message));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
}

}  // namespace

void write_sarif(const Report& report, std::ostream& out) {
  Output output(out);
  auto& w = output.writer();
  std::map<std::string, std::size_t, std::less<>> rule_index;
  for (std::size_t i = 0; i < report.rules.size(); ++i) rule_index.emplace(report.rules[i].id, i);

  w.StartObject();
  key(w, "$schema");
  string(w, "https://json.schemastore.org/sarif-2.1.0.json");
  key(w, "version");
  string(w, "2.1.0");
  key(w, "runs");
  w.StartArray();
  w.StartObject();
  sarif_tool(w, report.rules);
  key(w, "columnKind");
  string(w, "unicodeCodePoints");
  key(w, "results");
  w.StartArray();
  for (const auto& f : report.findings) sarif_result(w, f, false, rule_index);
  for (const auto& f : report.suppressed) sarif_result(w, f, true, rule_index);
  w.EndArray();
  sarif_invocations(w, report.errors);
  w.EndObject();  // run
  w.EndArray();
  w.EndObject();
  output.finish();
}

void write_junit(const Report& report, std::ostream& out) {
  // One test suite per rule that ran; one failing test case per finding, one passing case
  // for a rule without findings.
  std::map<std::string_view, std::vector<const Finding*>> by_rule;
  for (const RuleInfo& r : report.rules) by_rule[r.id];
  for (const Finding& f : report.findings) by_rule[f.rule].push_back(&f);
  std::size_t tests = 0;
  for (const auto& [rule, list] : by_rule) tests += std::max<std::size_t>(1, list.size());
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"shipshape\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", tests,
                     report.findings.size(), report.errors.size());
  for (const auto& [rule, list] : by_rule) {
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escape(rule),
                       std::max<std::size_t>(1, list.size()), list.size());
    if (list.empty()) {
      out << fmt::format("    <testcase name=\"no findings\" classname=\"{}\"/>\n", xml_escape(rule));
    }
    for (const Finding* f : list) {
      const std::string where = fmt::format("{}:{}:{}", f->file, f->line, f->column);
      const std::string name = f->object.kind.empty() ? where : fmt::format("{} ({})", f->object.display(), where);
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n", xml_escape(name),
                         xml_escape(rule), xml_escape(f->file), f->line);
      out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}: {} [{}] {}</failure>\n", to_string(f->severity),
                         xml_escape(f->message), xml_escape(where), to_string(f->severity), xml_escape(f->rule),
                         xml_escape(f->message));
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  if (!report.errors.empty()) {
    out << fmt::format("  <testsuite name=\"inputs\" tests=\"{}\" errors=\"{}\">\n", report.errors.size(),
                       report.errors.size());
    for (const auto& e : report.errors) {
      out << fmt::format(
          "    <testcase name=\"{}\" classname=\"inputs\">\n      <error message=\"{}\"/>\n    </testcase>\n",
          xml_escape(e.path), xml_escape(e.message));
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace shipshape
