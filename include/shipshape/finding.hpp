// Findings: what a rule reports, where, and how to fix it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape {

/// How serious a finding is. Ordered: info < warning < error.
enum class Severity : std::uint8_t { info = 0, warning = 1, error = 2 };

[[nodiscard]] std::string_view to_string(Severity s) noexcept;
/// Parses `info`, `warning` or `error`.
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view s) noexcept;

/// Names a Kubernetes object. `ns` is empty for cluster-scoped objects.
struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string ns;
  std::string name;

  /// `Kind/name` or `Kind/namespace/name`.
  [[nodiscard]] std::string display() const;
  friend bool operator==(const ObjectRef& a, const ObjectRef& b) {
    return a.api_version == b.api_version && a.kind == b.kind && a.ns == b.ns && a.name == b.name;
  }
  friend bool operator!=(const ObjectRef& a, const ObjectRef& b) { return !(a == b); }
};

/// A path to a field inside an object, e.g. `spec.template.spec.containers[0].image`.
/// Renders both as that dotted form and as an RFC 6901 JSON pointer for patches.
class FieldPath {
 public:
  FieldPath() = default;
  /// Parses the dotted form (`a.b[2].c`, with `["x.y"]` for keys holding dots).
  static FieldPath parse(std::string_view dotted);

  [[nodiscard]] FieldPath key(std::string_view k) const&;
  [[nodiscard]] FieldPath&& key(std::string_view k) &&;
  [[nodiscard]] FieldPath index(std::size_t i) const&;
  [[nodiscard]] FieldPath&& index(std::size_t i) &&;

  struct Segment {
    std::string key;          // empty for an index segment
    std::int64_t index = -1;  // -1 for a key segment
    friend bool operator==(const Segment& a, const Segment& b) { return a.key == b.key && a.index == b.index; }
    friend bool operator!=(const Segment& a, const Segment& b) { return !(a == b); }
  };
  [[nodiscard]] const std::vector<Segment>& segments() const noexcept { return segments_; }
  [[nodiscard]] bool empty() const noexcept { return segments_.empty(); }

  /// Dotted form; keys that are not plain identifiers are written `["key"]`.
  [[nodiscard]] std::string str() const;
  /// JSON pointer, e.g. `/spec/template/spec/containers/0/image`.
  [[nodiscard]] std::string json_pointer() const;

  friend bool operator==(const FieldPath& a, const FieldPath& b) { return a.segments_ == b.segments_; }
  friend bool operator!=(const FieldPath& a, const FieldPath& b) { return !(a == b); }

 private:
  std::vector<Segment> segments_;
};

/// One RFC 6902 JSON Patch operation. `value` holds JSON text (empty for `remove`).
struct PatchOperation {
  std::string op;
  std::string path;
  std::string value;
  friend bool operator==(const PatchOperation& a, const PatchOperation& b) {
    return a.op == b.op && a.path == b.path && a.value == b.value;
  }
  friend bool operator!=(const PatchOperation& a, const PatchOperation& b) { return !(a == b); }
};

/// A suggested fix: a JSON Patch to apply to the object (not to the file).
using Fix = std::vector<PatchOperation>;

/// One problem found in the input.
struct Finding {
  std::string rule;
  Severity severity = Severity::warning;
  std::string message;
  ObjectRef object;            // empty for problems that precede any object (syntax errors)
  std::string file;            // as the user named it; `<stdin>` for standard input
  std::uint32_t line = 0;      // 1-based
  std::uint32_t column = 0;    // 1-based, in Unicode code points
  std::uint32_t document = 0;  // 0-based index of the YAML document in its file
  std::string path;            // field path inside the object, when known
  std::string helm_source;     // the `# Source:` template that produced the document, if any
  /// Where the object lies in its document, as a JSON pointer: empty for the document itself,
  /// `/items/2` for the third item of a `kind: List`. `fix` applies to the node it names.
  std::string object_pointer;
  Fix fix;  // empty when the rule knows no mechanical fix
  /// The file Kustomize built the object from (`path` of its `config.kubernetes.io/origin`
  /// annotation), if any.
  std::string origin;

  /// The file the object was written in before rendering: the Helm template, else the
  /// Kustomize origin; empty when the finding's file is that source.
  [[nodiscard]] const std::string& source_file() const noexcept { return helm_source.empty() ? origin : helm_source; }
};

/// A fingerprint of a finding that survives line shifts, renamed files and unrelated edits:
/// a hash of the rule, the object's kind, namespace and name, the field path and the message
/// (which names the offending value). Findings before any object use the file name instead.
/// 32 hex digits; the baseline and SARIF `partialFingerprints` use it.
[[nodiscard]] std::string fingerprint(const Finding& finding);

}  // namespace shipshape
