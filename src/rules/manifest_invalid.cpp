// manifest-invalid: objects without identity, or known fields of the wrong type.
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
        "A document has apiVersion or kind but not both, has no metadata.name (nor "
        "generateName), or a known field has the wrong type.",
    .applies_to = "every object",
    .rationale =
        "The API server rejects such objects, often with a message far from the mistake. "
        "Typical cases: an env value or a label written as a bare number or boolean "
        "(`value: 8080`, `enabled: yes`), a string where the containers list belongs, a pod "
        "template that is missing altogether.",
    .remediation =
        "Give the object an apiVersion, a kind and a name, and write each field with the "
        "type Kubernetes expects; quote values that must stay strings.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    version: 1.0
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: PORT
              value: 8080
)yaml",
    .good_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    version: "1.0"
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env:
            - name: PORT
              value: "8080"
)yaml",
    .notes =
        "Only the fields that shipshape's rules read are type-checked (metadata, pod specs, "
        "containers, probes, security contexts, Services, HPAs, PDBs, NetworkPolicies); this is "
        "not a full schema validation. Scalars resolve as kubectl resolves them, so `yes`, `no`, "
        "`on` and `off` are booleans. A document with neither apiVersion nor kind is not a "
        "manifest: it is skipped and counted in the summary, not reported. Configuration files "
        "of Kubernetes components and tools (a kustomization, kubeadm, kubelet, kube-proxy, "
        "scheduler and API server configurations, the audit Policy, admission plugin "
        "configurations, kubeconfig files, kind and k3d cluster files: the list, by API group and "
        "kind, is in docs/checklist.md) have no metadata.name by design and are not asked for "
        "one; a metadata they do carry is still type-checked. A ConfigMap or any other API "
        "object without a name is still invalid. A Deployment, StatefulSet, "
        "DaemonSet, ReplicaSet or Rollout without pod template labels, or without a spec.selector "
        "where its API version requires one, is a fragment (typically a kustomize patch): it is "
        "reported once, here, and is not a workload for the other rules. None reads its pod template "
        "(no container, probe or security finding), none judges its replicas or autoscalers "
        "(replicas-too-few, replicas-with-hpa, pdb-missing, pod-spreading-missing, hpa-missing, "
        "hpa-metric-without-request, rwo-volume-shared skip it), and no Service, PodDisruptionBudget "
        "or NetworkPolicy selects it. Rules about the object itself (invalid-label on its own "
        "labels, duplicate-object, statefulset-service-missing) still apply.",
};

class ManifestInvalid final : public InputRule {
 public:
  ManifestInvalid() : InputRule(kInfo, ProblemKind::manifest_invalid) {}
};

}  // namespace

std::unique_ptr<Rule> make_manifest_invalid() { return std::make_unique<ManifestInvalid>(); }

}  // namespace shipshape::rules
