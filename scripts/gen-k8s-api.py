#!/usr/bin/env python3
"""Generates src/k8s_api/k8s-api.bin: the Kubernetes API, per minor version, in compact form.

Run by hand when a Kubernetes release comes out; never by the build or the tests.

Where the data comes from
    The OpenAPI documents that the Kubernetes repository publishes for every release
    (api/openapi-spec), as converted to JSON Schema and shipped per version by the
    `kubernetes-validate` package on PyPI (Apache-2.0, like Kubernetes itself). Two releases of
    that package cover every minor version from 1.16 on: 1.24.1 carries 1.16-1.24 and the newest
    carries 1.25 onwards.

        python3 -m pip download --no-deps --no-binary :all: kubernetes-validate==1.24.1 -d /tmp/kv
        python3 -m pip download --no-deps kubernetes-validate==1.37.0 -d /tmp/kv
        scripts/gen-k8s-api.py /tmp/kv

    (`--download` runs those two commands into the directory first.) The deprecation table below
    follows the Kubernetes "Deprecated API Migration Guide" and the release notes; what it does
    not list is derived from the documents themselves (see `deprecations()`).

What it keeps
    For every version: the group/version/kinds the API defines and each kind's schema: types,
    required fields, formats, int-or-string and quantity values, list types and list-map keys,
    `x-kubernetes-preserve-unknown-fields`. Descriptions are dropped. The OpenAPI documents carry
    no enums or name formats since 1.24, so those come from `ENUMS` and `FORMATS` below, which
    transcribe what the API server's validation enforces.

How it is stored
    Definitions are deduplicated across versions (most are unchanged between minors): each
    version is a table from definition names to bodies, written as the difference from the
    previous version. Bodies refer to other definitions by name, resolved per version when the
    C++ side loads one version. Integers are LEB128 varints. The layout is documented in
    src/k8s_api/data.cpp, which reads it.
"""

import argparse
import fnmatch
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile

FIRST_MINOR = 16
FORMAT_VERSION = 1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "k8s_api", "k8s-api.bin")
PACKAGES = ["kubernetes-validate==1.24.1", "kubernetes-validate==1.37.0"]

# Definitions that are values rather than objects.
SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": ("intstr", ""),
    "io.k8s.apimachinery.pkg.api.resource.Quantity": ("quantity", 0),
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": ("string", "date-time", ()),
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": ("string", "date-time", ()),
    "io.k8s.apimachinery.pkg.runtime.RawExtension": ("any",),
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": ("any",),
    "io.k8s.apimachinery.pkg.apis.meta.v1.Patch": ("any",),
}
for _v in ("v1", "v1beta1"):
    for _n in ("JSON", "JSONSchemaPropsOrArray", "JSONSchemaPropsOrBool", "JSONSchemaPropsOrStringArray"):
        SPECIAL[f"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{_v}.{_n}"] = ("any",)

PROTOCOLS = ("SCTP", "TCP", "UDP")
# Values the API server's validation accepts, by definition (glob) and property. An entry whose
# property is `[]` applies to the items of a list.
ENUMS = {
    ("io.k8s.api.core.v1.Container", "imagePullPolicy"): ("Always", "IfNotPresent", "Never"),
    ("io.k8s.api.core.v1.EphemeralContainer", "imagePullPolicy"): ("Always", "IfNotPresent", "Never"),
    ("io.k8s.api.core.v1.Container", "terminationMessagePolicy"): ("FallbackToLogsOnError", "File"),
    ("io.k8s.api.core.v1.EphemeralContainer", "terminationMessagePolicy"): ("FallbackToLogsOnError", "File"),
    ("io.k8s.api.core.v1.ContainerPort", "protocol"): PROTOCOLS,
    ("io.k8s.api.core.v1.ServicePort", "protocol"): PROTOCOLS,
    ("io.k8s.api.core.v1.EndpointPort", "protocol"): PROTOCOLS,
    ("io.k8s.api.discovery.*.EndpointPort", "protocol"): PROTOCOLS,
    ("io.k8s.api.networking.*.NetworkPolicyPort", "protocol"): PROTOCOLS,
    ("io.k8s.api.extensions.*.NetworkPolicyPort", "protocol"): PROTOCOLS,
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy"): ("Always", "Never", "OnFailure"),
    ("io.k8s.api.core.v1.PodSpec", "dnsPolicy"): ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"),
    ("io.k8s.api.core.v1.PodSpec", "preemptionPolicy"): ("Never", "PreemptLowerPriority"),
    ("io.k8s.api.core.v1.PodOS", "name"): ("linux", "windows"),
    ("io.k8s.api.core.v1.PodSecurityContext", "fsGroupChangePolicy"): ("Always", "OnRootMismatch"),
    ("io.k8s.api.core.v1.PodSecurityContext", "seLinuxChangePolicy"): ("MountOption", "Recursive"),
    ("io.k8s.api.core.v1.PodSecurityContext", "supplementalGroupsPolicy"): ("Merge", "Strict"),
    ("io.k8s.api.core.v1.SeccompProfile", "type"): ("Localhost", "RuntimeDefault", "Unconfined"),
    ("io.k8s.api.core.v1.AppArmorProfile", "type"): ("Localhost", "RuntimeDefault", "Unconfined"),
    ("io.k8s.api.core.v1.SecurityContext", "procMount"): ("Default", "Unmasked"),
    ("io.k8s.api.core.v1.Toleration", "operator"): ("Equal", "Exists"),
    ("io.k8s.api.core.v1.Toleration", "effect"): ("NoExecute", "NoSchedule", "PreferNoSchedule"),
    ("io.k8s.api.core.v1.NodeSelectorRequirement", "operator"): ("DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"),
    ("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator"): (
        "DoesNotExist", "Exists", "In", "NotIn"),
    ("io.k8s.api.core.v1.TopologySpreadConstraint", "whenUnsatisfiable"): ("DoNotSchedule", "ScheduleAnyway"),
    ("io.k8s.api.core.v1.TopologySpreadConstraint", "nodeAffinityPolicy"): ("Honor", "Ignore"),
    ("io.k8s.api.core.v1.TopologySpreadConstraint", "nodeTaintsPolicy"): ("Honor", "Ignore"),
    ("io.k8s.api.core.v1.ServiceSpec", "type"): ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"),
    ("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity"): ("ClientIP", "None"),
    ("io.k8s.api.core.v1.ServiceSpec", "externalTrafficPolicy"): ("Cluster", "Local"),
    ("io.k8s.api.core.v1.ServiceSpec", "internalTrafficPolicy"): ("Cluster", "Local"),
    ("io.k8s.api.core.v1.ServiceSpec", "ipFamilyPolicy"): ("PreferDualStack", "RequireDualStack", "SingleStack"),
    ("io.k8s.api.core.v1.ServiceSpec", "ipFamilies[]"): ("IPv4", "IPv6"),
    ("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "accessModes[]"): (
        "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"),
    ("io.k8s.api.core.v1.PersistentVolumeSpec", "accessModes[]"): (
        "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"),
    ("io.k8s.api.core.v1.PersistentVolumeClaimSpec", "volumeMode"): ("Block", "Filesystem"),
    ("io.k8s.api.core.v1.PersistentVolumeSpec", "volumeMode"): ("Block", "Filesystem"),
    ("io.k8s.api.core.v1.PersistentVolumeSpec", "persistentVolumeReclaimPolicy"): ("Delete", "Recycle", "Retain"),
    ("io.k8s.api.core.v1.HostPathVolumeSource", "type"): (
        "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"),
    ("io.k8s.api.core.v1.VolumeMount", "mountPropagation"): ("Bidirectional", "HostToContainer", "None"),
    ("io.k8s.api.core.v1.VolumeMount", "recursiveReadOnly"): ("Disabled", "Enabled", "IfPossible"),
    ("io.k8s.api.core.v1.HTTPGetAction", "scheme"): ("HTTP", "HTTPS"),
    ("io.k8s.api.core.v1.ContainerResizePolicy", "restartPolicy"): ("NotRequired", "RestartContainer"),
    ("io.k8s.api.apps.*.DeploymentStrategy", "type"): ("Recreate", "RollingUpdate"),
    ("io.k8s.api.extensions.*.DeploymentStrategy", "type"): ("Recreate", "RollingUpdate"),
    ("io.k8s.api.apps.*.StatefulSetUpdateStrategy", "type"): ("OnDelete", "RollingUpdate"),
    ("io.k8s.api.apps.*.DaemonSetUpdateStrategy", "type"): ("OnDelete", "RollingUpdate"),
    ("io.k8s.api.extensions.*.DaemonSetUpdateStrategy", "type"): ("OnDelete", "RollingUpdate"),
    ("io.k8s.api.apps.*.StatefulSetSpec", "podManagementPolicy"): ("OrderedReady", "Parallel"),
    ("io.k8s.api.apps.*.StatefulSetPersistentVolumeClaimRetentionPolicy", "whenDeleted"): ("Delete", "Retain"),
    ("io.k8s.api.apps.*.StatefulSetPersistentVolumeClaimRetentionPolicy", "whenScaled"): ("Delete", "Retain"),
    ("io.k8s.api.batch.*.JobSpec", "completionMode"): ("Indexed", "NonIndexed"),
    ("io.k8s.api.batch.*.JobSpec", "podReplacementPolicy"): ("Failed", "TerminatingOrFailed"),
    ("io.k8s.api.batch.*.CronJobSpec", "concurrencyPolicy"): ("Allow", "Forbid", "Replace"),
    ("io.k8s.api.batch.*.PodFailurePolicyRule", "action"): ("Count", "FailIndex", "FailJob", "Ignore"),
    ("io.k8s.api.batch.*.PodFailurePolicyOnExitCodesRequirement", "operator"): ("In", "NotIn"),
    ("io.k8s.api.autoscaling.v2*.MetricSpec", "type"): ("ContainerResource", "External", "Object", "Pods", "Resource"),
    ("io.k8s.api.autoscaling.v2*.MetricTarget", "type"): ("AverageValue", "Utilization", "Value"),
    ("io.k8s.api.autoscaling.v2*.HPAScalingRules", "selectPolicy"): ("Disabled", "Max", "Min"),
    ("io.k8s.api.autoscaling.v2*.HPAScalingPolicy", "type"): ("Percent", "Pods"),
    ("io.k8s.api.networking.*.NetworkPolicySpec", "policyTypes[]"): ("Egress", "Ingress"),
    ("io.k8s.api.networking.*.HTTPIngressPath", "pathType"): ("Exact", "ImplementationSpecific", "Prefix"),
    ("io.k8s.api.extensions.*.HTTPIngressPath", "pathType"): ("Exact", "ImplementationSpecific", "Prefix"),
    ("io.k8s.api.policy.*.PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy"): ("AlwaysAllow", "IfHealthyBudget"),
    ("io.k8s.api.rbac.*.Subject", "kind"): ("Group", "ServiceAccount", "User"),
    ("io.k8s.api.rbac.*.RoleRef", "kind"): ("ClusterRole", "Role"),
    ("io.k8s.api.admissionregistration.*.*Webhook", "failurePolicy"): ("Fail", "Ignore"),
    ("io.k8s.api.admissionregistration.*.*Webhook", "matchPolicy"): ("Equivalent", "Exact"),
    ("io.k8s.api.admissionregistration.v1.*Webhook", "sideEffects"): ("None", "NoneOnDryRun"),
    ("io.k8s.api.admissionregistration.v1beta1.*Webhook", "sideEffects"): ("None", "NoneOnDryRun", "Some", "Unknown"),
    ("io.k8s.api.admissionregistration.*.RuleWithOperations", "scope"): ("*", "Cluster", "Namespaced"),
    ("io.k8s.api.admissionregistration.*.RuleWithOperations", "operations[]"): (
        "*", "CONNECT", "CREATE", "DELETE", "UPDATE"),
    ("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.*.CustomResourceDefinitionSpec", "scope"): (
        "Cluster", "Namespaced"),
    ("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.*.CustomResourceConversion", "strategy"): (
        "None", "Webhook"),
}

# Formats the API server's validation enforces beyond the OpenAPI types.
#   dns-label: DNS-1123 label (63 characters of a-z, 0-9 and `-`, alphanumeric at both ends)
#   port-name: IANA service name (15 characters of a-z, 0-9 and `-`, a letter, no `--`)
#   port / port-or-unset: 1-65535 (0 allowed for the optional ones)
#   port-or-name: a port number or an IANA service name (int-or-string)
FORMATS = {
    ("io.k8s.api.core.v1.Container", "name"): "dns-label",
    ("io.k8s.api.core.v1.EphemeralContainer", "name"): "dns-label",
    ("io.k8s.api.core.v1.Volume", "name"): "dns-label",
    ("io.k8s.api.core.v1.ContainerPort", "name"): "port-name",
    ("io.k8s.api.core.v1.ContainerPort", "containerPort"): "port",
    ("io.k8s.api.core.v1.ContainerPort", "hostPort"): "port-or-unset",
    ("io.k8s.api.core.v1.ServicePort", "name"): "dns-label",
    ("io.k8s.api.core.v1.ServicePort", "port"): "port",
    ("io.k8s.api.core.v1.ServicePort", "nodePort"): "port-or-unset",
    ("io.k8s.api.core.v1.ServicePort", "targetPort"): "port-or-name",
    ("io.k8s.api.core.v1.HTTPGetAction", "port"): "port-or-name",
    ("io.k8s.api.core.v1.TCPSocketAction", "port"): "port-or-name",
    ("io.k8s.api.core.v1.GRPCAction", "port"): "port",
    ("io.k8s.api.core.v1.Secret", "data"): "base64-values",
}

# Quantities that the invalid-quantity rule judges: the schema leaves their grammar alone so
# that one mistake gives one finding. Globs on (definition, property).
QUANTITIES_ELSEWHERE = [
    ("io.k8s.api.core.v1.ResourceRequirements", "*"),
    ("io.k8s.api.core.v1.VolumeResourceRequirements", "*"),
    ("io.k8s.api.core.v1.PodSpec", "overhead"),
    ("io.k8s.api.core.v1.EmptyDirVolumeSource", "sizeLimit"),
    ("io.k8s.api.core.v1.ResourceQuotaSpec", "hard"),
    ("io.k8s.api.core.v1.LimitRangeItem", "*"),
]

# Removals and deprecations, from the Kubernetes Deprecated API Migration Guide
# (kubernetes.io/docs/reference/using-api/deprecation-guide/) and the release notes of each
# minor version. (group/version, kinds, deprecated in, no longer served from, replacement).
# A `None` replacement means there is none (PodSecurityPolicy: Pod Security Admission instead).
CURATED = [
    # Removed before the data begins (1.16); listed so that manifests still using them are told.
    ("admissionregistration.k8s.io/v1alpha1", ["InitializerConfiguration"], 0, 14, None),
    ("extensions/v1beta1", ["Deployment", "DaemonSet", "ReplicaSet"], 9, 16, "apps/v1"),
    ("apps/v1beta1", ["Deployment", "StatefulSet", "ReplicaSet", "ControllerRevision"], 9, 16, "apps/v1"),
    ("apps/v1beta2", ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "ControllerRevision"], 9, 16,
     "apps/v1"),
    ("extensions/v1beta1", ["NetworkPolicy"], 9, 16, "networking.k8s.io/v1"),
    ("extensions/v1beta1", ["PodSecurityPolicy"], 10, 16, "policy/v1beta1"),
    ("extensions/v1beta1", ["Ingress"], 14, 22, "networking.k8s.io/v1"),
    ("networking.k8s.io/v1beta1", ["Ingress", "IngressClass"], 19, 22, "networking.k8s.io/v1"),
    ("admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
     16, 22, "admissionregistration.k8s.io/v1"),
    ("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"], 16, 22, "apiextensions.k8s.io/v1"),
    ("apiregistration.k8s.io/v1beta1", ["APIService"], 19, 22, "apiregistration.k8s.io/v1"),
    ("authentication.k8s.io/v1beta1", ["TokenReview"], 19, 22, "authentication.k8s.io/v1"),
    ("authorization.k8s.io/v1beta1", ["LocalSubjectAccessReview", "SelfSubjectAccessReview",
                                      "SelfSubjectRulesReview", "SubjectAccessReview"], 19, 22,
     "authorization.k8s.io/v1"),
    ("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"], 19, 22, "certificates.k8s.io/v1"),
    ("coordination.k8s.io/v1beta1", ["Lease"], 19, 22, "coordination.k8s.io/v1"),
    ("rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], 17, 22,
     "rbac.authorization.k8s.io/v1"),
    ("rbac.authorization.k8s.io/v1alpha1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], 17, 22,
     "rbac.authorization.k8s.io/v1"),
    ("scheduling.k8s.io/v1beta1", ["PriorityClass"], 14, 22, "scheduling.k8s.io/v1"),
    ("scheduling.k8s.io/v1alpha1", ["PriorityClass"], 14, 17, "scheduling.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", ["CSIDriver", "StorageClass", "VolumeAttachment"], 19, 22, "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", ["CSINode"], 17, 22, "storage.k8s.io/v1"),
    ("batch/v1beta1", ["CronJob"], 21, 25, "batch/v1"),
    ("batch/v2alpha1", ["CronJob"], 21, 21, "batch/v1"),
    ("discovery.k8s.io/v1beta1", ["EndpointSlice"], 21, 25, "discovery.k8s.io/v1"),
    ("events.k8s.io/v1beta1", ["Event"], 19, 25, "events.k8s.io/v1"),
    ("autoscaling/v2beta1", ["HorizontalPodAutoscaler"], 22, 25, "autoscaling/v2"),
    ("policy/v1beta1", ["PodDisruptionBudget"], 21, 25, "policy/v1"),
    ("policy/v1beta1", ["PodSecurityPolicy"], 21, 25, None),
    ("node.k8s.io/v1beta1", ["RuntimeClass"], 22, 25, "node.k8s.io/v1"),
    ("autoscaling/v2beta2", ["HorizontalPodAutoscaler"], 23, 26, "autoscaling/v2"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"], 23, 26,
     "flowcontrol.apiserver.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", ["CSIStorageCapacity"], 24, 27, "storage.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", ["FlowSchema", "PriorityLevelConfiguration"], 26, 29,
     "flowcontrol.apiserver.k8s.io/v1"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", ["FlowSchema", "PriorityLevelConfiguration"], 29, 32,
     "flowcontrol.apiserver.k8s.io/v1"),
]
# Replacements whose schema matches but whose meaning changed: no automatic fix.
NO_FIX = {
    # policy/v1 reads an empty selector as "every pod in the namespace", v1beta1 as "none".
    ("policy/v1beta1", "PodDisruptionBudget"),
}


def log(*args):
    print(*args, file=sys.stderr)


# --- reading the packages ---------------------------------------------------------------------

def find_definitions(package_dir):
    """{minor: (archive path, member name)} of every `_definitions.json` in the packages."""
    found = {}
    for name in sorted(os.listdir(package_dir)):
        path = os.path.join(package_dir, name)
        if name.endswith(".whl"):
            members = zipfile.ZipFile(path).namelist()
        elif name.endswith(".tar.gz"):
            with tarfile.open(path) as t:
                members = t.getnames()
        else:
            continue
        for m in members:
            match = re.search(r"/v1\.(\d+)\.0-local/_definitions\.json$", m)
            if match:
                minor = int(match.group(1))
                # Later packages win: they carry the newer conversion of the same document.
                found[minor] = (path, m)
    return found


def read_documents(found):
    """{minor: parsed `_definitions.json`}, reading each archive once."""
    by_archive = {}
    for minor, (path, member) in found.items():
        by_archive.setdefault(path, {})[member] = minor
    docs = {}
    for path, members in by_archive.items():
        if path.endswith(".whl"):
            with zipfile.ZipFile(path) as z:
                for member, minor in members.items():
                    docs[minor] = json.loads(z.read(member))
            continue
        with tarfile.open(path) as t:
            for info in t:
                if info.name in members:
                    docs[members[info.name]] = json.load(t.extractfile(info))
    return docs


# --- normalising schemas ----------------------------------------------------------------------

def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def glob_lookup(table, definition, prop):
    for (pattern, p), value in table.items():
        if p == prop and fnmatch.fnmatchcase(definition, pattern):
            return value
    return None


def quantity_elsewhere(definition, prop):
    return any(fnmatch.fnmatchcase(definition, d) and fnmatch.fnmatchcase(prop, p) for d, p in QUANTITIES_ELSEWHERE)


def types_of(schema):
    t = schema.get("type")
    if t is None:
        return []
    if isinstance(t, str):
        return [t]
    return [x for x in t if x != "null"]


def convert(schema, definition, prop, top=False):
    """A canonical, hashable node for a JSON schema (nested tuples)."""
    if not isinstance(schema, dict):
        return ("any",)
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref_name(ref)
        if name in SPECIAL:
            node = SPECIAL[name]
            return overlay(node, definition, prop)
        return ("ref", name)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        merged = dict(schema["allOf"][0])
        return convert(merged, definition, prop)
    if schema.get("x-kubernetes-int-or-string") or schema.get("format") == "int-or-string":
        return overlay(("intstr", ""), definition, prop)
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if alternatives and not schema.get("properties"):
        kinds = set()
        for a in alternatives:
            kinds.update(types_of(a))
        if kinds == {"string", "integer"}:
            return overlay(("intstr", ""), definition, prop)
        if kinds == {"string", "number"}:
            return overlay(("quantity", 0), definition, prop)
        return ("any",)
    if schema.get("x-kubernetes-embedded-resource"):
        return ("any",)
    types = types_of(schema)
    if len(types) > 1:
        return ("any",)
    t = types[0] if types else None
    props = schema.get("properties")
    additional = schema.get("additionalProperties")
    preserve = bool(schema.get("x-kubernetes-preserve-unknown-fields"))
    if t == "object" or (t is None and (props or isinstance(additional, dict))):
        if props:
            items = []
            for name in sorted(props):
                if top and name in ("apiVersion", "kind"):
                    items.append((name, ("string", "", ())))
                    continue
                items.append((name, convert(props[name], definition, name)))
            required = tuple(sorted(r for r in schema.get("required") or [] if r in props))
            extra = convert(additional, definition, prop) if isinstance(additional, dict) else None
            open_ = preserve or additional is True
            return ("object", tuple(items), required, open_, extra)
        if isinstance(additional, dict):
            value = convert(additional, definition, prop)
            if glob_lookup(FORMATS, definition, prop) == "base64-values" and value[0] == "string":
                value = ("string", "byte", ())
            return ("map", value)
        return ("any",)
    if t == "array":
        item = convert(schema.get("items") or {}, definition, prop + "[]")
        enum = glob_lookup(ENUMS, definition, prop + "[]")
        if enum and item[0] == "string":
            item = ("string", item[1], tuple(enum))
        list_type = schema.get("x-kubernetes-list-type") or ""
        keys = tuple(schema.get("x-kubernetes-list-map-keys") or ()) if list_type == "map" else ()
        return ("array", item, list_type, keys)
    if t == "string":
        fmt = schema.get("format") or ""
        if fmt not in ("byte", "date-time"):
            fmt = ""
        return overlay(("string", fmt, ()), definition, prop)
    if t == "integer":
        fmt = schema.get("format") or ""
        if fmt not in ("int32", "int64"):
            fmt = ""
        return overlay(("integer", fmt), definition, prop)
    if t == "number":
        return ("number",)
    if t == "boolean":
        return ("boolean",)
    if preserve:
        return ("any",)
    return ("any",)


def overlay(node, definition, prop):
    """Adds what the validation code enforces: enums, formats, quantities left to other rules."""
    kind = node[0]
    fmt = glob_lookup(FORMATS, definition, prop)
    if kind == "string":
        enum = glob_lookup(ENUMS, definition, prop)
        new_fmt = fmt if fmt in ("dns-label", "port-name") else node[1]
        return ("string", new_fmt, tuple(enum) if enum else node[2])
    if kind == "integer":
        return ("integer", fmt if fmt in ("port", "port-or-unset") else node[1])
    if kind == "intstr":
        return ("intstr", fmt if fmt == "port-or-name" else node[1])
    if kind == "quantity":
        return ("quantity", 1 if quantity_elsewhere(definition, prop) else 0)
    return node


# --- the API of one version -------------------------------------------------------------------

META_PREFIX = "io.k8s.apimachinery.pkg.apis.meta."


def load_version(definitions):
    """(bodies, gvks): {definition name: node}, {(group, version, kind): definition name}."""
    bodies = {}
    gvks = {}
    for name, schema in definitions.items():
        if name in SPECIAL:
            continue
        gvk_list = schema.get("x-kubernetes-group-version-kind") or []
        bodies[name] = convert(schema, name, "", top=bool(gvk_list))
        if name.startswith(META_PREFIX):
            continue
        for gvk in gvk_list:
            kind = gvk["kind"]
            if kind.endswith("List"):
                continue
            gvks[(gvk.get("group", ""), gvk["version"], kind)] = name
    # Keep what the kinds reach.
    reachable = set()
    stack = list(gvks.values())
    while stack:
        n = stack.pop()
        if n in reachable or n not in bodies:
            continue
        reachable.add(n)
        stack.extend(refs_of(bodies[n]))
    missing = {r for n in reachable for r in refs_of(bodies[n]) if r not in bodies}
    if missing:
        raise SystemExit(f"unresolved references: {sorted(missing)[:5]}")
    return {n: bodies[n] for n in reachable}, gvks


def refs_of(node):
    out = []

    def walk(n):
        if not isinstance(n, tuple) or not n:
            return
        if n[0] == "ref":
            out.append(n[1])
        elif n[0] == "object":
            for _, child in n[1]:
                walk(child)
            if n[4] is not None:
                walk(n[4])
        elif n[0] == "map":
            walk(n[1])
        elif n[0] == "array":
            walk(n[1])

    walk(node)
    return out


# --- deprecations -----------------------------------------------------------------------------

def api_version(group, version):
    return f"{group}/{version}" if group else version


def split_api_version(av):
    return tuple(av.split("/", 1)) if "/" in av else ("", av)


def stability(version):
    m = re.fullmatch(r"v(\d+)(?:(alpha|beta)(\d+))?", version)
    if not m:
        return (0, 0, 0)
    rank = {"alpha": 0, "beta": 1, None: 2}[m.group(2)]
    return (rank, int(m.group(1)), int(m.group(3) or 0))


def compatible(versions, a, a_minor, b, b_minor, seen):
    """Whether every object valid under `a` is valid under `b` (schemas of the given versions)."""
    def resolve(node, minor):
        while node[0] == "ref":
            node = versions[minor][0][node[1]]
        return node

    key = (a, a_minor, b, b_minor)
    if key in seen:
        return True
    seen.add(key)
    ra, rb = resolve(a, a_minor), resolve(b, b_minor)
    if rb[0] == "any":
        return True
    if ra[0] != rb[0]:
        return False
    kind = ra[0]
    if kind == "object":
        b_props = dict(rb[1])
        for name, child in ra[1]:
            if name not in b_props or not compatible(versions, child, a_minor, b_props[name], b_minor, seen):
                return False
        if not set(rb[2]) <= set(ra[2]):
            return False
        return rb[3] or not ra[3]
    if kind == "map":
        return compatible(versions, ra[1], a_minor, rb[1], b_minor, seen)
    if kind == "array":
        return compatible(versions, ra[1], a_minor, rb[1], b_minor, seen)
    if kind == "string":
        return not rb[2] or set(ra[2]) <= set(rb[2]) and bool(ra[2])
    return ra == rb


def deprecations(versions):
    """One record per group/version/kind that is deprecated, removed or not yet served."""
    minors = sorted(versions)
    newest = minors[-1]
    seen = {}
    for minor in minors:
        for gvk in versions[minor][1]:
            first, last = seen.get(gvk, (minor, minor))
            seen[gvk] = (min(first, minor), max(last, minor))
    records = {}
    for (group, version, kind), (first, last) in seen.items():
        rec = {"deprecated": 0, "removed": 0, "introduced": first if first > minors[0] else 0, "replacement": ""}
        if last < newest:
            rec["removed"] = last + 1
        if stability(version)[0] < 2:
            # A beta is deprecated from the release that serves a stable version of its kind
            # (alpha versions have no deprecation period; the replacement still helps the message).
            stable = [(g, v, k) for (g, v, k) in seen if g == group and k == kind and stability(v)[0] == 2]
            if stable:
                g, v, k = max(stable, key=lambda x: stability(x[1]))
                since = seen[(g, v, k)][0]
                if stability(version)[0] == 1 and (not rec["removed"] or since < rec["removed"]):
                    rec["deprecated"] = since
                rec["replacement"] = api_version(g, v)
        records[(group, version, kind)] = rec
    for av, kinds, deprecated, removed, replacement in CURATED:
        group, version = split_api_version(av)
        for kind in kinds:
            rec = records.setdefault((group, version, kind),
                                     {"deprecated": 0, "removed": 0, "introduced": 0, "replacement": ""})
            rec["deprecated"] = deprecated if deprecated < removed else 0
            rec["removed"] = removed
            rec["replacement"] = replacement or ""
    out = []
    for (group, version, kind), rec in sorted(records.items()):
        if not (rec["deprecated"] or rec["removed"] or rec["introduced"]):
            continue
        fix = False
        if rec["replacement"] and (split_api_version(rec["replacement"]) + (kind,)) in seen and \
                (api_version(group, version), kind) not in {(a, k) for a, k in NO_FIX}:
            old = (group, version, kind)
            new = split_api_version(rec["replacement"]) + (kind,)
            if old in seen:
                # The newest version that has both, else the old one's last and the new one's first.
                both = [m for m in minors if old in versions[m][1] and new in versions[m][1]]
                a_minor = both[-1] if both else seen[old][1]
                b_minor = both[-1] if both else seen[new][0]
                a = ("ref", versions[a_minor][1][old])
                b = ("ref", versions[b_minor][1][new])
                fix = compatible(versions, a, a_minor, b, b_minor, set())
        out.append((group, version, kind, rec["introduced"], rec["deprecated"], rec["removed"], rec["replacement"],
                    fix))
    return out


# --- writing ----------------------------------------------------------------------------------

class Writer:
    def __init__(self):
        self.out = io.BytesIO()

    def u(self, n):
        assert n >= 0
        while True:
            b = n & 0x7F
            n >>= 7
            if n:
                self.out.write(bytes([b | 0x80]))
            else:
                self.out.write(bytes([b]))
                return

    def raw(self, data):
        self.out.write(data)


KINDS = ["any", "object", "map", "array", "string", "integer", "number", "boolean", "intstr", "quantity", "ref"]
FORMAT_NAMES = ["", "int32", "int64", "byte", "date-time", "dns-label", "port-name", "port", "port-or-unset",
                "port-or-name"]
LIST_TYPES = ["", "atomic", "set", "map"]


def encode(versions, deprecation_records):
    strings = {}
    string_list = []

    def sid(s):
        if s not in strings:
            strings[s] = len(string_list)
            string_list.append(s)
        return strings[s]

    nodes = {}
    node_list = []

    def nid(node):
        # Children first, so that a node's references point backwards.
        if node in nodes:
            return nodes[node]
        kind = node[0]
        if kind == "object":
            for _, child in node[1]:
                nid(child)
            if node[4] is not None:
                nid(node[4])
        elif kind in ("map", "array"):
            nid(node[1])
        nodes[node] = len(node_list)
        node_list.append(node)
        return nodes[node]

    enums = {}
    enum_list = []

    def eid(values):
        if not values:
            return 0
        if values not in enums:
            enums[values] = len(enum_list) + 1
            enum_list.append(values)
        return enums[values]

    minors = sorted(versions)
    for minor in minors:
        for body in versions[minor][0].values():
            nid(body)
    for node in node_list:
        if node[0] == "object":
            for name, _ in node[1]:
                sid(name)
        elif node[0] == "string":
            for v in node[2]:
                sid(v)
            eid(node[2])
        elif node[0] == "array":
            for k in node[3]:
                sid(k)
        elif node[0] == "ref":
            sid(node[1])

    w = Writer()
    w.raw(b"SSK8")
    w.u(FORMAT_VERSION)
    # Nodes (strings are written after them but numbered as they were met here).
    body = Writer()
    body.u(len(node_list))
    for node in node_list:
        kind = node[0]
        body.u(KINDS.index(kind))
        if kind == "object":
            _, props, required, open_, extra = node
            body.u(len(props))
            for name, child in props:
                body.u(sid(name))
                body.u(nodes[child])
            names = [n for n, _ in props]
            body.u(len(required))
            for r in required:
                body.u(names.index(r))
            body.u(1 if open_ else 0)
            body.u(0 if extra is None else nodes[extra] + 1)
        elif kind == "map":
            body.u(nodes[node[1]])
        elif kind == "array":
            body.u(nodes[node[1]])
            body.u(LIST_TYPES.index(node[2]))
            body.u(len(node[3]))
            for k in node[3]:
                body.u(sid(k))
        elif kind == "string":
            body.u(FORMAT_NAMES.index(node[1]))
            body.u(eid(node[2]))
        elif kind in ("integer", "intstr"):
            body.u(FORMAT_NAMES.index(node[1]))
        elif kind == "quantity":
            body.u(node[1])
        elif kind == "ref":
            body.u(sid(node[1]))
    # Enums.
    body.u(len(enum_list))
    for values in enum_list:
        body.u(len(values))
        for v in values:
            body.u(sid(v))
    # Versions, each as the change from the previous one.
    body.u(len(minors))
    previous_defs, previous_gvks = {}, {}
    for minor in minors:
        defs, gvks = versions[minor]
        body.u(minor)
        changed = sorted((n, b) for n, b in defs.items() if previous_defs.get(n) != b)
        removed = sorted(n for n in previous_defs if n not in defs)
        body.u(len(changed))
        for n, b in changed:
            body.u(sid(n))
            body.u(nodes[b])
        body.u(len(removed))
        for n in removed:
            body.u(sid(n))
        changed_g = sorted((g, d) for g, d in gvks.items() if previous_gvks.get(g) != d)
        removed_g = sorted(g for g in previous_gvks if g not in gvks)
        body.u(len(changed_g))
        for (g, v, k), d in changed_g:
            body.u(sid(g))
            body.u(sid(v))
            body.u(sid(k))
            body.u(sid(d))
        body.u(len(removed_g))
        for g, v, k in removed_g:
            body.u(sid(g))
            body.u(sid(v))
            body.u(sid(k))
        previous_defs, previous_gvks = defs, gvks
    # Deprecations.
    body.u(len(deprecation_records))
    for group, version, kind, introduced, deprecated, removed, replacement, fix in deprecation_records:
        body.u(sid(group))
        body.u(sid(version))
        body.u(sid(kind))
        body.u(introduced)
        body.u(deprecated)
        body.u(removed)
        body.u(sid(replacement))
        body.u(1 if fix else 0)
    # Strings first in the file, so that the reader can hold views of them.
    w.u(len(string_list))
    for s in string_list:
        data = s.encode("utf-8")
        w.u(len(data))
        w.raw(data)
    w.raw(body.out.getvalue())
    stats = {"strings": len(string_list), "nodes": len(node_list), "enums": len(enum_list)}
    return w.out.getvalue(), stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", help="directory holding the downloaded kubernetes-validate packages")
    parser.add_argument("--download", action="store_true", help="pip download the packages into it first")
    parser.add_argument("--output", default=OUT)
    args = parser.parse_args()
    if args.download:
        os.makedirs(args.packages, exist_ok=True)
        for p in PACKAGES:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", args.packages, p]
            if p.endswith("1.24.1"):
                cmd[4:4] = ["--no-binary", ":all:"]
            subprocess.run(cmd, check=True)
    found = find_definitions(args.packages)
    minors = [m for m in sorted(found) if m >= FIRST_MINOR]
    if not minors or minors != list(range(FIRST_MINOR, minors[-1] + 1)):
        raise SystemExit(f"need every minor version from 1.{FIRST_MINOR}; found {minors}")
    docs = read_documents({m: found[m] for m in minors})
    versions = {}
    for minor in minors:
        doc = docs[minor]
        definitions = doc.get("$defs") or doc.get("definitions")
        versions[minor] = load_version(definitions)
        log(f"1.{minor}: {len(versions[minor][1])} kinds, {len(versions[minor][0])} definitions")
    records = deprecations(versions)
    data, stats = encode(versions, records)
    with open(args.output, "wb") as f:
        f.write(data)
    variants = len({(n, b) for m in minors for n, b in versions[m][0].items()})
    log(f"versions 1.{minors[0]}-1.{minors[-1]}; {variants} distinct definitions, {stats['nodes']} nodes, "
        f"{stats['strings']} strings, {stats['enums']} enums, {len(records)} deprecation records")
    log(f"wrote {args.output}: {len(data)} bytes")


if __name__ == "__main__":
    main()
