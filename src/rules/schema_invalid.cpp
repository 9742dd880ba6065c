// schema-invalid: objects the API server would refuse: wrong types, missing required fields,
// values outside an enum or a format, repeated list keys, cross-field rules.
#include "rules/input.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "schema-invalid",
    .section = kInput,
    .group = "Input problems",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "An object breaks the schema of its kind in the target Kubernetes version: a value of the wrong type, a "
        "missing required field, a value outside its enum or format, two list items with the same key, or a "
        "combination of fields the API server refuses.",
    .applies_to =
        "every object whose kind the target Kubernetes version serves (or served: removed versions are checked "
        "against the last release that had them), custom resources defined by a CustomResourceDefinition in the "
        "run or by a schema file of a configured directory",
    .rationale =
        "The API server refuses such an object, usually at deploy time and with a message that names neither "
        "the file nor the line. Checking against the schema of the Kubernetes version you run finds the "
        "mistake before the pipeline gets there, at the offending key or value.",
    .remediation =
        "Write the field as the API expects it: quote values that must stay strings, use the spelling of the "
        "enum, keep names within their character set, give every list item its own key, and set the fields "
        "the message names.",
    .bad_example = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: always
          ports:
            - name: http-endpoint-main
              containerPort: 8080
)",
    .good_example = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: Always
          ports:
            - name: http
              containerPort: 8080
)",
    .notes =
        R"(The schemas are the OpenAPI documents of every Kubernetes release from 1.16 on, compiled into shipshape (see docs/kubernetes-api.md); `--kubernetes-version` chooses the release. On top of the types and required fields they declare, the rule applies what the API server's validation code enforces and a manifest can decide:

- enums (imagePullPolicy, restartPolicy, protocol, Service type, topology spread whenUnsatisfiable, toleration operators and effects, update strategies, ...); an empty string is accepted, as the API defaults it;
- names: metadata.name as the kind requires it (a DNS-1123 subdomain; a DNS-1123 label for Namespaces, a DNS-1035 label for Services, a path segment for RBAC objects, `<plural>.<group>` for CustomResourceDefinitions), metadata.namespace, container and volume names (DNS-1123 labels), Service port names (container port names are container-port-name-invalid's);
- port numbers (1-65535), named ports in probes and targetPort; a quoted number in an int-or-string port (`targetPort: "8080"`) is read as a port name and refused;
- quantities (outside container resources, pod overhead, emptyDir sizeLimit, PersistentVolumeClaims, ResourceQuotas and LimitRanges, which invalid-quantity checks), base64 in Secret data, RFC 3339 times, 32-bit integer ranges;
- list items with the same merge key (container names, container ports by port and protocol, volumes, Service ports...); duplicate environment variables are left to duplicate-env-var;
- container names shared between containers, initContainers and ephemeralContainers;
- a PodDisruptionBudget with both minAvailable and maxUnavailable; a Job (or a CronJob's job template) whose pod restartPolicy is not OnFailure or Never, and a Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController whose pod restartPolicy is not Always; a probe or a lifecycle hook with no handler or more than one; liveness and startup probes with a successThreshold other than 1; topology spread constraints with maxSkew below 1;
- an apiVersion that never served the kind, and a misspelt kind of a built-in group (`kind: Deploymnet`).

Scalars resolve as kubectl resolves them: `yes`, `no`, `on` and `off` are booleans, and `3.0` is accepted where an integer is expected. Values holding a `${...}`, `{{...}}` or `$(...)` placeholder, and SOPS-encrypted `ENC[...]` values, are not judged; neither is `status` (the API server ignores it on create). At most 20 findings are reported per object. An object whose ownerReferences name an owner without a uid is what a test tool (Chainsaw, KUTTL) expects a controller to create: a partial match, of which required fields are not demanded. Configuration files of components and tools (kubelet, kubeadm, kustomization...) have no schema here; a metadata they carry is checked as an ObjectMeta.

Custom resources are checked against the served versions of a CustomResourceDefinition of the run (its `openAPIV3Schema`: types, required fields, enums, minimum and maximum, lengths and item counts; `pattern`, CEL rules and `oneOf`-style combinations are not evaluated), else against a JSON Schema file from the directories the configuration names (`schemaDirectories`, laid out as `<group>/<kind in lower case>_<version>.json`, the layout of the community CRD catalogues). A custom resource without a schema is not a finding; the summary counts such objects.

A workload without spec.selector or pod template labels (a kustomize patch, typically) is reported once here and its other required fields are not demanded; the values it does set are still checked. Objects of files named like partial objects (`patch` or `assert` in the file name, or a `patches` directory: kustomize patches, test tools' assertions) get one finding that lists the required fields they lack instead of one per field. Objects without apiVersion, kind or name are manifest-invalid's; misspelt field names are field-unknown's.)",
};

class SchemaInvalid final : public SchemaRule {
 public:
  SchemaInvalid() : SchemaRule(kInfo, SchemaFinding::invalid) {}
  // The engine walks each object once for this rule and field-unknown together.
};

}  // namespace

std::unique_ptr<Rule> make_schema_invalid() { return std::make_unique<SchemaInvalid>(); }

}  // namespace shipshape::rules
