// manifest-invalid: documents that are no object at all (no apiVersion, kind or name).
#include "rules/input.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "manifest-invalid",
    .section = kInput,
    .group = "Input problems",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A document is no Kubernetes object at all: it has apiVersion or kind but not both (or not as strings), "
        "metadata that is not a mapping, no metadata.name (nor generateName), or is a List whose items are not "
        "objects.",
    .applies_to = "every document with an apiVersion or a kind",
    .rationale =
        "Without an apiVersion, a kind and a name there is nothing the API server could store, and nothing "
        "shipshape can check against a schema or match with other objects: every other rule skips or "
        "misreads such a document.",
    .remediation = "Give the object an apiVersion, a kind and a metadata.name (or generateName).",
    .bad_example = R"(apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app: web
data:
  mode: fast
)",
    .good_example = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
  labels:
    app: web
data:
  mode: fast
)",
    .notes =
        "One problem, one finding: this rule keeps what makes a document no object at all. What the API "
        "server would refuse in an object that has its identity (a value of the wrong type, a missing required "
        "field, a value outside its enum or format, a workload fragment such as a kustomize patch) is "
        "schema-invalid's; a misspelt field is field-unknown's. A document with neither apiVersion nor kind is "
        "not a manifest (Helm values, CI configuration): it is skipped and counted in the summary, not reported. "
        "Configuration files "
        "of Kubernetes components and tools (a kustomization, kubeadm, kubelet, kube-proxy, scheduler and API "
        "server configurations, the audit Policy, admission plugin configurations, kubeconfig files, kind and k3d "
        "cluster files: the list, by API group and kind, is in docs/checklist.md) have no metadata.name by design "
        "and are not asked for one; a ConfigMap or any other API object without a name still is.",
};

class ManifestInvalid final : public InputRule {
 public:
  ManifestInvalid() : InputRule(kInfo, ProblemKind::manifest_invalid) {}
};

}  // namespace

std::unique_ptr<Rule> make_manifest_invalid() { return std::make_unique<ManifestInvalid>(); }

}  // namespace shipshape::rules
