// field-unknown: fields that the object's schema does not have, typically a misspelling.
#include "rules/input.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "field-unknown",
    .section = kInput,
    .group = "Input problems",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "An object has a field that its kind does not define (in the target Kubernetes version), usually a "
        "misspelling; the message names the closest known field.",
    .applies_to = "every object that schema-invalid checks (built-in kinds and custom resources with a schema)",
    .rationale =
        "Depending on the client, an unknown field is silently dropped (kubectl before 1.25, Helm, many GitOps "
        "tools) or refused (`kubectl apply --validate=strict`). Dropped is worse: a Deployment with "
        "`livenessprobe:` deploys without a liveness probe, and nothing says why.",
    .remediation =
        "Spell the field as the API does (names are case-sensitive), move it to the level it belongs to, "
        "or remove it.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      livenessprobe:
        httpGet: {path: /healthz, port: 8080}
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      livenessProbe:
        httpGet: {path: /healthz, port: 8080}
)",
    .notes =
        "A field that a newer Kubernetes version added is unknown to an older target: set `--kubernetes-version` "
        "to the version you run. Objects that preserve unknown fields (embedded objects, custom resource schemas "
        "with `x-kubernetes-preserve-unknown-fields`, and JSON Schema files without `additionalProperties: "
        "false`) accept anything there. Keys that start with `$` are strategic merge patch directives "
        "(`$patch: delete`), keys such as `(name)`, `=(name)` or `+(name)` are policy and test tool anchors, "
        "`status` is ignored by the API server on create and `sops` is SOPS metadata: none is reported. A custom "
        "resource's metadata is checked against ObjectMeta whatever its definition says. The rule runs in the same "
        "walk as schema-invalid; turning "
        "either off does not change the other. Other rules still read the object: a misspelt `livenessprobe` "
        "also leaves the container without a liveness probe for liveness-probe-missing.",
};

class FieldUnknown final : public SchemaRule {
 public:
  FieldUnknown() : SchemaRule(kInfo, SchemaFinding::unknown) {}
};

}  // namespace

std::unique_ptr<Rule> make_field_unknown() { return std::make_unique<FieldUnknown>(); }

}  // namespace shipshape::rules
