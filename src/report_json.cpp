// JSON, SARIF 2.1.0 and JUnit XML reports.
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "internal.hpp"
#include "json.hpp"
#include "json_out.hpp"
#include "shipshape/docs.hpp"
#include "shipshape/report.hpp"
#include "shipshape/version.hpp"

namespace shipshape {
namespace {

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
  key(w, "origin");
  string_or_null(w, f.origin);
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

/// `baseline` of the JSON report: the findings the baseline knew (left out) and those fixed.
template <typename Writer>
void write_baseline_comparison(Writer& w, const BaselineComparison& b) {
  key(w, "baseline");
  w.StartObject();
  key(w, "file");
  string_or_null(w, b.file);
  key(w, "known");
  w.Uint(b.known);
  key(w, "fixed");
  w.StartArray();
  for (const BaselineEntry& e : b.fixed) write_baseline_entry(w, e);
  w.EndArray();
  w.EndObject();
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
  if (report.baseline.used) write_baseline_comparison(w, report.baseline);
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

/// GitHub's scale for `security-severity`: over 9 critical, 7 to 8.9 high, 4 to 6.9 medium.
std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::error:
      return "8.0";
    case Severity::warning:
      return "5.0";
    case Severity::info:
      return "2.0";
  }
  return "2.0";
}

/// One `reportingDescriptor` of the driver's rules: a rule that ran.
template <typename Writer>
void sarif_rule(Writer& w, const RuleInfo& r, const SarifOptions& options) {
  w.StartObject();
  key(w, "id");
  string(w, r.id);
  text_object(w, "shortDescription", r.summary);
  text_object(w, "fullDescription", r.rationale);
  if (!options.docs_url.empty()) {
    key(w, "helpUri");
    string(w, fmt::format("{}/{}.md", options.docs_url, r.id));
  }
  key(w, "help");
  w.StartObject();
  key(w, "text");
  string(w, r.remediation);
  key(w, "markdown");
  string(w, rule_markdown(r));
  w.EndObject();
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
  const bool security = is_security_rule(r);
  if (security) string(w, "security");
  w.EndArray();
  if (security) {
    key(w, "security-severity");
    string(w, security_severity(r.severity));
  }
  w.EndObject();
  w.EndObject();
}

/// `tool`: shipshape and the rules that ran.
template <typename Writer>
void sarif_tool(Writer& w, const std::vector<RuleInfo>& rules, const SarifOptions& options) {
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
  if (!options.docs_url.empty()) {
    key(w, "informationUri");
    string(w, options.docs_url);
  }
  key(w, "rules");
  w.StartArray();
  for (const RuleInfo& r : rules) sarif_rule(w, r, options);
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
}

/// A `physicalLocation`: a file and, when known, a region in it.
template <typename Writer>
void sarif_physical(Writer& w, std::string_view file, std::uint32_t line, std::uint32_t column) {
  key(w, "physicalLocation");
  w.StartObject();
  key(w, "artifactLocation");
  w.StartObject();
  key(w, "uri");
  string(w, uri_of(file));
  w.EndObject();
  key(w, "region");
  w.StartObject();
  key(w, "startLine");
  w.Uint(std::max(1U, line));
  if (column > 0) {
    key(w, "startColumn");
    w.Uint(column);
  }
  w.EndObject();
  w.EndObject();
}

/// `locations` of a result: the file position and, for a finding on an object, the object
/// and field as a logical location. An object rendered from a Helm template or built by
/// Kustomize is located in its source file (line 1: lines count in the rendered file), with
/// the rendered position as a related location.
template <typename Writer>
void sarif_locations(Writer& w, const Finding& f) {
  const std::string& source = f.source_file();
  key(w, "locations");
  w.StartArray();
  w.StartObject();
  if (source.empty()) {
    sarif_physical(w, f.file, f.line, std::max(1U, f.column));
  } else {
    sarif_physical(w, source, 1, 0);
  }
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
  if (!source.empty()) {
    key(w, "relatedLocations");
    w.StartArray();
    w.StartObject();
    key(w, "id");
    w.Uint(0);
    sarif_physical(w, f.file, f.line, std::max(1U, f.column));
    text_object(w, "message", "rendered here");
    w.EndObject();
    w.EndArray();
  }
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
  key(w, "partialFingerprints");
  w.StartObject();
  key(w, "shipshape/v1");
  string(w, fingerprint(f));
  w.EndObject();
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
  if (!f.origin.empty()) {
    key(w, "origin");
    string(w, f.origin);
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

void write_sarif(const Report& report, std::ostream& out, const SarifOptions& options) {
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
  sarif_tool(w, report.rules, options);
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

void write_junit(const Report& report, std::ostream& out, const JunitOptions& options) {
  // One test suite per rule that ran; one test case per finding, failing when the finding is
  // at or above the threshold; one passing case for a rule without findings.
  std::map<std::string_view, std::vector<const Finding*>> by_rule;
  for (const RuleInfo& r : report.rules) by_rule[r.id];
  for (const Finding& f : report.findings) by_rule[f.rule].push_back(&f);
  const auto fails = [&](const Finding& f) { return options.fail_on && f.severity >= *options.fail_on; };
  std::size_t tests = 0;
  std::size_t failures = 0;
  for (const auto& [rule, list] : by_rule) tests += std::max<std::size_t>(1, list.size());
  for (const Finding& f : report.findings) failures += fails(f) ? 1U : 0U;
  std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  text += fmt::format("<testsuites name=\"shipshape\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                      tests, failures, report.errors.size(), options.seconds);
  for (const auto& [rule, list] : by_rule) {
    std::size_t rule_failures = 0;
    for (const Finding* f : list) rule_failures += fails(*f) ? 1U : 0U;
    // Rules run interleaved over the objects: their times are not measured one by one.
    text += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" time=\"0\">\n", xml_escape(rule),
                        std::max<std::size_t>(1, list.size()), rule_failures);
    if (list.empty()) {
      text += fmt::format("    <testcase name=\"no findings\" classname=\"{}\" time=\"0\"/>\n", xml_escape(rule));
    }
    for (const Finding* f : list) {
      const std::string where = fmt::format("{}:{}:{}", f->file, f->line, f->column);
      const std::string name = f->object.kind.empty() ? where : fmt::format("{} ({})", f->object.display(), where);
      const std::string& file = f->source_file().empty() ? f->file : f->source_file();
      text +=
          fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\" time=\"0\">\n",
                      xml_escape(name), xml_escape(rule), xml_escape(file), f->source_file().empty() ? f->line : 1U);
      const std::string detail = fmt::format("{}: {} [{}] {}", xml_escape(where), to_string(f->severity),
                                             xml_escape(f->rule), xml_escape(f->message));
      if (fails(*f)) {
        text += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", to_string(f->severity),
                            xml_escape(f->message), detail);
      } else {
        text += fmt::format("      <system-out>{}</system-out>\n", detail);
      }
      text += "    </testcase>\n";
    }
    text += "  </testsuite>\n";
  }
  if (!report.errors.empty()) {
    text += fmt::format("  <testsuite name=\"inputs\" tests=\"{}\" errors=\"{}\" time=\"0\">\n", report.errors.size(),
                        report.errors.size());
    for (const auto& e : report.errors) {
      text += fmt::format(
          "    <testcase name=\"{}\" classname=\"inputs\" time=\"0\">\n      <error message=\"{}\"/>\n    "
          "</testcase>\n",
          xml_escape(e.path), xml_escape(e.message));
    }
    text += "  </testsuite>\n";
  }
  text += "</testsuites>\n";
  out << text;
}

}  // namespace shipshape
