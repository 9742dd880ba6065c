// invalid-label: label keys, label values and annotation keys the API server rejects.
#include "rules/common.hpp"
#include "rules/labels.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "invalid-label",
    .section = kAppDev,
    .group = "Tagging resources",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A label key or value, or an annotation key, breaks the Kubernetes syntax (length, "
        "characters, prefix).",
    .applies_to =
        "metadata of every object, and the embedded metadata of pod templates, CronJob job "
        "templates and StatefulSet volume claim templates",
    .rationale =
        "The API server rejects the whole object when one label or annotation key is malformed, "
        "so the deployment fails at apply time, often in a pipeline far from the author. Label "
        "values are restricted too: a version string with a `+` or a value longer than 63 "
        "characters is enough.",
    .remediation =
        "Keep keys to an optional lower-case DNS-subdomain prefix and `/`, then a name of at most "
        "63 letters, digits, `-`, `_` and `.` that starts and ends with a letter or digit. Keep "
        "label values to at most 63 such characters (or empty); put free text in annotations.",
    .bad_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    app.kubernetes.io/version: 1.4.2+build.7
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    app.kubernetes.io/version: 1.4.2-build.7
)yaml",
    .notes =
        "Follows apimachinery: a key is `[prefix/]name`, the prefix a DNS-1123 subdomain of at most "
        "253 characters (lower-case letters, digits, `-` and `.`), the name at most 63 characters of "
        "`[A-Za-z0-9._-]` starting and ending alphanumeric; a label value has the name's syntax or is "
        "empty. Annotation keys follow the key syntax, except that the API server lower-cases them "
        "before checking, so upper-case letters in an annotation prefix are accepted; annotation "
        "values are free, but all annotations of one object together must stay within 256 KiB. "
        "Reserved prefixes (`kubernetes.io/`, `k8s.io/` and their subdomains) are not reported: the "
        "API server accepts them, and many are meant to be set by users (`app.kubernetes.io/name`, "
        "`kubernetes.io/service-account.name`, `node-role.kubernetes.io/...`). Values that are not "
        "strings (an unquoted number, say) are schema-invalid's business; their text is still "
        "checked here. Keys and values holding a `${...}` or `{{...}}` placeholder are not judged: "
        "envsubst, Flux post-build substitution or a template engine replaces them before apply.",
};

/// Text that a tool substitutes before apply (envsubst, Flux post-build variables, templates).
bool placeholder(std::string_view s) {
  return s.find("${") != std::string_view::npos || s.find("{{") != std::string_view::npos;
}

class InvalidLabel final : public BasicRule {
 public:
  InvalidLabel() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }

  void check(const Resource& r, Context& ctx) const override {
    check_metadata(r, r.metadata(), FieldPath::parse("metadata"), ctx);
    if (r.is_workload() && r.pod().spec_path != "spec") {
      check_metadata(r, r.pod().metadata, r.pod().metadata_path(), ctx);
    }
    if (r.kind() == "CronJob") {
      check_metadata(r, r.spec()["jobTemplate"]["metadata"], FieldPath::parse("spec.jobTemplate.metadata"), ctx);
    }
    if (r.kind() == "StatefulSet") {
      std::size_t i = 0;
      for (Value t : r.spec()["volumeClaimTemplates"].items()) {
        check_metadata(r, t["metadata"], FieldPath::parse("spec.volumeClaimTemplates").index(i++).key("metadata"), ctx);
      }
    }
  }

 private:
  static void check_metadata(const Resource& r, Value metadata, const FieldPath& path, Context& ctx) {
    for (const Entry e : metadata["labels"].entries()) {
      const std::string_view key = e.key.str();
      if (placeholder(key)) continue;
      // The path only when there is something to report: most labels are fine.
      if (auto p = key_problem(key); !p.empty()) {
        ctx.report(r, e.key, path.key("labels").key(key), fmt::format("label key \"{}\" is invalid: {}", key, p));
      }
      if (!e.value.is_scalar() || placeholder(e.value.str())) continue;
      if (auto p = label_value_problem(e.value.str()); !p.empty()) {
        ctx.report(r, e.value, path.key("labels").key(key),
                   fmt::format("value of label \"{}\" is invalid: {}", key, p));
      }
    }
    std::size_t total = 0;
    for (const Entry e : metadata["annotations"].entries()) {
      const std::string_view key = e.key.str();
      total += key.size() + e.value.str().size();
      if (placeholder(key)) continue;
      if (auto p = key_problem(key, true); !p.empty()) {
        ctx.report(r, e.key, path.key("annotations").key(key),
                   fmt::format("annotation key \"{}\" is invalid: {}", key, p));
      }
    }
    if (total > kMaxAnnotationBytes) {
      ctx.report(r, metadata["annotations"], path.key("annotations"),
                 fmt::format("annotations take {} bytes, more than the 256 KiB the API server accepts", total));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_invalid_label() { return std::make_unique<InvalidLabel>(); }

}  // namespace shipshape::rules
