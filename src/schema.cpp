// A small declarative schema of the Kubernetes fields that rules read, checked per object so
// that a wrong type is reported once, clearly, instead of silently confusing the rules.
#include "schema.hpp"

#include <span>
#include <string>

#include <fmt/format.h>

namespace shipshape {
namespace {

enum class T : std::uint8_t {
  string,
  integer,
  boolean,
  int_or_string,
  object,       // a mapping checked against `shape`
  object_list,  // a list of mappings checked against `shape`
  string_list,
  string_map,  // a mapping whose values are strings
  any_map,
  any_list,
};

struct Shape;
struct Field {
  std::string_view key;
  T type;
  const Shape* shape = nullptr;
};
struct Shape {
  std::span<const Field> fields;
};

// clang-format off
constexpr Field kMatchExpressionFields[] = {
    {"key", T::string}, {"operator", T::string}, {"values", T::string_list}};
constexpr Shape kMatchExpression{kMatchExpressionFields};
constexpr Field kLabelSelectorFields[] = {
    {"matchLabels", T::string_map}, {"matchExpressions", T::object_list, &kMatchExpression}};
constexpr Shape kLabelSelector{kLabelSelectorFields};

constexpr Field kOwnerReferenceFields[] = {
    {"apiVersion", T::string}, {"kind", T::string}, {"name", T::string}, {"uid", T::string},
    {"controller", T::boolean}};
constexpr Shape kOwnerReference{kOwnerReferenceFields};
constexpr Field kMetadataFields[] = {
    {"name", T::string}, {"generateName", T::string}, {"namespace", T::string},
    {"labels", T::string_map}, {"annotations", T::string_map},
    {"ownerReferences", T::object_list, &kOwnerReference}};
constexpr Shape kMetadata{kMetadataFields};

constexpr Field kPortFields[] = {
    {"name", T::string}, {"containerPort", T::integer}, {"hostPort", T::integer},
    {"protocol", T::string}, {"hostIP", T::string}};
constexpr Shape kPort{kPortFields};
constexpr Field kKeyRefFields[] = {{"name", T::string}, {"key", T::string}, {"optional", T::boolean}};
constexpr Shape kKeyRef{kKeyRefFields};
constexpr Field kValueFromFields[] = {
    {"secretKeyRef", T::object, &kKeyRef}, {"configMapKeyRef", T::object, &kKeyRef},
    {"fieldRef", T::any_map}, {"resourceFieldRef", T::any_map}};
constexpr Shape kValueFrom{kValueFromFields};
constexpr Field kEnvFields[] = {
    {"name", T::string}, {"value", T::string}, {"valueFrom", T::object, &kValueFrom}};
constexpr Shape kEnv{kEnvFields};
constexpr Field kSourceRefFields[] = {{"name", T::string}, {"optional", T::boolean}};
constexpr Shape kSourceRef{kSourceRefFields};
constexpr Field kEnvFromFields[] = {
    {"prefix", T::string}, {"configMapRef", T::object, &kSourceRef},
    {"secretRef", T::object, &kSourceRef}};
constexpr Shape kEnvFrom{kEnvFromFields};
constexpr Field kResourcesFields[] = {{"requests", T::any_map}, {"limits", T::any_map}};
constexpr Shape kResources{kResourcesFields};

constexpr Field kHttpGetFields[] = {
    {"path", T::string}, {"port", T::int_or_string}, {"host", T::string}, {"scheme", T::string}};
constexpr Shape kHttpGet{kHttpGetFields};
constexpr Field kTcpSocketFields[] = {{"port", T::int_or_string}, {"host", T::string}};
constexpr Shape kTcpSocket{kTcpSocketFields};
constexpr Field kGrpcFields[] = {{"port", T::integer}, {"service", T::string}};
constexpr Shape kGrpc{kGrpcFields};
constexpr Field kExecFields[] = {{"command", T::string_list}};
constexpr Shape kExec{kExecFields};
constexpr Field kSleepFields[] = {{"seconds", T::integer}};
constexpr Shape kSleep{kSleepFields};
constexpr Field kProbeFields[] = {
    {"httpGet", T::object, &kHttpGet}, {"tcpSocket", T::object, &kTcpSocket},
    {"grpc", T::object, &kGrpc}, {"exec", T::object, &kExec},
    {"initialDelaySeconds", T::integer}, {"periodSeconds", T::integer},
    {"timeoutSeconds", T::integer}, {"failureThreshold", T::integer},
    {"successThreshold", T::integer}, {"terminationGracePeriodSeconds", T::integer}};
constexpr Shape kProbe{kProbeFields};
constexpr Field kHandlerFields[] = {
    {"httpGet", T::object, &kHttpGet}, {"tcpSocket", T::object, &kTcpSocket},
    {"exec", T::object, &kExec}, {"sleep", T::object, &kSleep}};
constexpr Shape kHandler{kHandlerFields};
constexpr Field kLifecycleFields[] = {
    {"preStop", T::object, &kHandler}, {"postStart", T::object, &kHandler}};
constexpr Shape kLifecycle{kLifecycleFields};

constexpr Field kCapabilitiesFields[] = {{"add", T::string_list}, {"drop", T::string_list}};
constexpr Shape kCapabilities{kCapabilitiesFields};
constexpr Field kSeccompFields[] = {{"type", T::string}, {"localhostProfile", T::string}};
constexpr Shape kSeccomp{kSeccompFields};
constexpr Field kSecurityContextFields[] = {
    {"privileged", T::boolean}, {"readOnlyRootFilesystem", T::boolean},
    {"allowPrivilegeEscalation", T::boolean}, {"runAsNonRoot", T::boolean},
    {"runAsUser", T::integer}, {"runAsGroup", T::integer},
    {"capabilities", T::object, &kCapabilities}, {"procMount", T::string},
    {"seccompProfile", T::object, &kSeccomp}, {"seLinuxOptions", T::any_map},
    {"appArmorProfile", T::any_map}};
constexpr Shape kSecurityContext{kSecurityContextFields};
constexpr Field kSysctlFields[] = {{"name", T::string}, {"value", T::string}};
constexpr Shape kSysctl{kSysctlFields};
constexpr Field kPodSecurityContextFields[] = {
    {"runAsNonRoot", T::boolean}, {"runAsUser", T::integer}, {"runAsGroup", T::integer},
    {"fsGroup", T::integer}, {"seccompProfile", T::object, &kSeccomp},
    {"seLinuxOptions", T::any_map}, {"appArmorProfile", T::any_map},
    {"sysctls", T::object_list, &kSysctl}, {"supplementalGroups", T::any_list}};
constexpr Shape kPodSecurityContext{kPodSecurityContextFields};

constexpr Field kVolumeMountFields[] = {
    {"name", T::string}, {"mountPath", T::string}, {"readOnly", T::boolean}, {"subPath", T::string}};
constexpr Shape kVolumeMount{kVolumeMountFields};

constexpr Field kContainerFields[] = {
    {"name", T::string}, {"image", T::string}, {"command", T::string_list},
    {"args", T::string_list}, {"workingDir", T::string}, {"ports", T::object_list, &kPort},
    {"env", T::object_list, &kEnv}, {"envFrom", T::object_list, &kEnvFrom},
    {"resources", T::object, &kResources}, {"volumeMounts", T::object_list, &kVolumeMount},
    {"livenessProbe", T::object, &kProbe}, {"readinessProbe", T::object, &kProbe},
    {"startupProbe", T::object, &kProbe}, {"lifecycle", T::object, &kLifecycle},
    {"securityContext", T::object, &kSecurityContext}, {"imagePullPolicy", T::string},
    {"restartPolicy", T::string}};
constexpr Shape kContainer{kContainerFields};

constexpr Field kHostPathFields[] = {{"path", T::string}, {"type", T::string}};
constexpr Shape kHostPath{kHostPathFields};
constexpr Field kClaimFields[] = {{"claimName", T::string}, {"readOnly", T::boolean}};
constexpr Shape kClaim{kClaimFields};
constexpr Field kVolumeFields[] = {
    {"name", T::string}, {"hostPath", T::object, &kHostPath},
    {"persistentVolumeClaim", T::object, &kClaim}, {"configMap", T::any_map},
    {"secret", T::any_map}, {"emptyDir", T::any_map}, {"projected", T::any_map}};
constexpr Shape kVolume{kVolumeFields};

constexpr Field kPodSpecFields[] = {
    {"containers", T::object_list, &kContainer}, {"initContainers", T::object_list, &kContainer},
    {"ephemeralContainers", T::any_list}, {"volumes", T::object_list, &kVolume},
    {"securityContext", T::object, &kPodSecurityContext}, {"serviceAccountName", T::string},
    {"serviceAccount", T::string}, {"automountServiceAccountToken", T::boolean},
    {"hostNetwork", T::boolean}, {"hostPID", T::boolean}, {"hostIPC", T::boolean},
    {"terminationGracePeriodSeconds", T::integer}, {"restartPolicy", T::string},
    {"nodeSelector", T::string_map}, {"affinity", T::any_map}, {"tolerations", T::any_list},
    {"topologySpreadConstraints", T::any_list}, {"priorityClassName", T::string}};
constexpr Shape kPodSpec{kPodSpecFields};

constexpr Field kControllerSpecFields[] = {
    {"replicas", T::integer}, {"selector", T::object, &kLabelSelector},
    {"serviceName", T::string}, {"minReadySeconds", T::integer},
    {"revisionHistoryLimit", T::integer}};
constexpr Shape kControllerSpec{kControllerSpecFields};

constexpr Field kServicePortFields[] = {
    {"name", T::string}, {"port", T::integer}, {"targetPort", T::int_or_string},
    {"nodePort", T::integer}, {"protocol", T::string}};
constexpr Shape kServicePort{kServicePortFields};
constexpr Field kServiceSpecFields[] = {
    {"selector", T::string_map}, {"ports", T::object_list, &kServicePort}, {"type", T::string},
    {"clusterIP", T::string}};
constexpr Shape kServiceSpec{kServiceSpecFields};

constexpr Field kTargetRefFields[] = {{"apiVersion", T::string}, {"kind", T::string}, {"name", T::string}};
constexpr Shape kTargetRef{kTargetRefFields};
constexpr Field kHpaSpecFields[] = {
    {"minReplicas", T::integer}, {"maxReplicas", T::integer},
    {"scaleTargetRef", T::object, &kTargetRef}, {"metrics", T::any_list},
    {"targetCPUUtilizationPercentage", T::integer}};
constexpr Shape kHpaSpec{kHpaSpecFields};

constexpr Field kPdbSpecFields[] = {
    {"minAvailable", T::int_or_string}, {"maxUnavailable", T::int_or_string},
    {"selector", T::object, &kLabelSelector}};
constexpr Shape kPdbSpec{kPdbSpecFields};

constexpr Field kNetworkPolicySpecFields[] = {
    {"podSelector", T::object, &kLabelSelector}, {"policyTypes", T::string_list},
    {"ingress", T::any_list}, {"egress", T::any_list}};
constexpr Shape kNetworkPolicySpec{kNetworkPolicySpecFields};
// clang-format on

std::string_view expected_name(T t) {
  switch (t) {
    case T::string:
      return "a string";
    case T::integer:
      return "an integer";
    case T::boolean:
      return "a boolean";
    case T::int_or_string:
      return "an integer or a string";
    case T::object:
    case T::string_map:
    case T::any_map:
      return "a mapping";
    case T::object_list:
    case T::string_list:
    case T::any_list:
      return "a list";
  }
  return "something else";
}

class Checker {
 public:
  Checker(const Document& doc, std::vector<Problem>& problems) : doc_(doc), problems_(problems) {}

  void object(Value v, const Shape& shape, std::string& path) {
    for (const Field& f : shape.fields) {
      const Value child = v[f.key];
      if (!child || child.is_null()) continue;
      const std::size_t len = path.size();
      if (!path.empty()) path.push_back('.');
      path += f.key;
      field(child, f, path);
      path.resize(len);
    }
  }

  [[nodiscard]] bool full() const noexcept { return reported_ >= kMaxPerObject; }

 private:
  static constexpr int kMaxPerObject = 20;

  void field(Value v, const Field& f, std::string& path) {
    switch (f.type) {
      case T::string:
        if (!v.is_string()) wrong(v, f.type, path, true);
        break;
      case T::integer:
        if (!v.is_scalar() || v.scalar_type() != ScalarType::integer) wrong(v, f.type, path, false);
        break;
      case T::boolean:
        if (!v.is_scalar() || v.scalar_type() != ScalarType::boolean) wrong(v, f.type, path, false);
        break;
      case T::int_or_string:
        if (!v.is_scalar() || (v.scalar_type() != ScalarType::integer && !v.is_string())) {
          wrong(v, f.type, path, false);
        }
        break;
      case T::object:
        if (!v.is_mapping()) {
          wrong(v, f.type, path, false);
        } else {
          object(v, *f.shape, path);
        }
        break;
      case T::any_map:
        if (!v.is_mapping()) wrong(v, f.type, path, false);
        break;
      case T::any_list:
        if (!v.is_sequence()) wrong(v, f.type, path, false);
        break;
      case T::string_map:
        if (!v.is_mapping()) {
          wrong(v, f.type, path, false);
          break;
        }
        for (const Entry e : v.entries()) {
          if (!e.value.is_null() && !e.value.is_string()) {
            const std::size_t len = path.size();
            fmt::format_to(std::back_inserter(path), "[\"{}\"]", e.key.str());
            wrong(e.value, T::string, path, true);
            path.resize(len);
          }
        }
        break;
      case T::string_list:
      case T::object_list: {
        if (!v.is_sequence()) {
          wrong(v, f.type, path, false);
          break;
        }
        std::size_t i = 0;
        for (Value item : v.items()) {
          const std::size_t len = path.size();
          fmt::format_to(std::back_inserter(path), "[{}]", i++);
          if (f.type == T::string_list) {
            if (!item.is_string()) wrong(item, T::string, path, true);
          } else if (!item.is_mapping()) {
            wrong(item, T::object, path, false);
          } else {
            object(item, *f.shape, path);
          }
          path.resize(len);
          if (full()) return;
        }
        break;
      }
    }
  }

  void wrong(Value v, T expected, const std::string& path, bool quote_hint) {
    if (full()) return;
    ++reported_;
    std::string message = fmt::format("{} must be {}, not {}", path, expected_name(expected), describe_value(v));
    if (quote_hint && v.is_scalar()) {
      fmt::format_to(std::back_inserter(message), " (quote it: \"{}\")", v.str());
    }
    problems_.push_back(Problem{
        ProblemKind::manifest_invalid, doc_.tree->source_ptr(), v.offset(), doc_.index, std::move(message), {}, path});
  }

  const Document& doc_;
  std::vector<Problem>& problems_;
  int reported_ = 0;
};

bool is_kind(const Resource& r, std::string_view group, std::string_view kind) {
  return r.kind() == kind && r.group() == group;
}

}  // namespace

std::string_view describe_value(Value v) {
  switch (v.kind()) {
    case NodeKind::null:
      return "null";
    case NodeKind::sequence:
      return "a list";
    case NodeKind::mapping:
      return "a mapping";
    case NodeKind::scalar:
      break;
  }
  switch (v.scalar_type()) {
    case ScalarType::boolean:
      return "a boolean";
    case ScalarType::integer:
      return "an integer";
    case ScalarType::floating:
      return "a number";
    default:
      return "a string";
  }
}

void validate_object(const Resource& r, const Document& doc, bool workload_kind, std::vector<Problem>& problems) {
  const Value root = r.root();
  const Value metadata = root["metadata"];
  auto problem = [&](Value at, std::string message, std::string path) {
    problems.push_back(Problem{ProblemKind::manifest_invalid,
                               doc.tree->source_ptr(),
                               at.offset(),
                               doc.index,
                               std::move(message),
                               {},
                               std::move(path)});
  };
  if (r.is_configuration()) {
    // Configuration files have no identity of their own; a metadata they carry is still checked.
    if (metadata.is_mapping()) {
      Checker check(doc, problems);
      std::string path = "metadata";
      check.object(metadata, kMetadata, path);
    } else if (metadata && !metadata.is_null()) {
      problem(metadata, fmt::format("metadata must be a mapping, not {}", describe_value(metadata)), "metadata");
    }
    return;
  }
  if (!metadata.is_mapping()) {
    if (metadata && !metadata.is_null()) {
      problem(metadata, fmt::format("metadata must be a mapping, not {}", describe_value(metadata)), "metadata");
    } else {
      problem(root.key_node("metadata") ? root.key_node("metadata") : root,
              fmt::format("{} has no metadata.name", r.kind()), "metadata.name");
    }
    return;
  }
  if (!metadata["name"] && !metadata["generateName"]) {
    problem(root.key_node("metadata"), fmt::format("{} has no metadata.name (nor generateName)", r.kind()),
            "metadata.name");
  }
  Checker check(doc, problems);
  std::string path = "metadata";
  check.object(metadata, kMetadata, path);

  const Value spec = root["spec"];
  if (spec && !spec.is_null() && !spec.is_mapping()) {
    problem(spec, fmt::format("spec must be a mapping, not {}", describe_value(spec)), "spec");
    return;
  }
  path = "spec";
  if (workload_kind) {
    if (r.kind() != "Pod") check.object(spec, kControllerSpec, path);
  } else if (is_kind(r, "", "Service")) {
    check.object(spec, kServiceSpec, path);
  } else if (is_kind(r, "autoscaling", "HorizontalPodAutoscaler")) {
    check.object(spec, kHpaSpec, path);
  } else if (is_kind(r, "policy", "PodDisruptionBudget")) {
    check.object(spec, kPdbSpec, path);
  } else if (is_kind(r, "networking.k8s.io", "NetworkPolicy")) {
    check.object(spec, kNetworkPolicySpec, path);
  }
  if (!workload_kind) return;
  if (r.is_fragment()) {
    const Value labels = root["spec"]["template"]["metadata"]["labels"];
    const bool no_labels = !labels.is_mapping() || labels.empty();
    problem(root.key_node("spec"),
            fmt::format("{} has no {}, so the API server would refuse it; if it is a patch (kustomize), check "
                        "the rendered output instead. It is not checked as a workload: no rule reads its pod "
                        "template, replicas or autoscalers, and no Service, PodDisruptionBudget or NetworkPolicy "
                        "selects it",
                        r.kind(), no_labels ? "pod template labels" : "spec.selector"),
            no_labels ? "spec.template.metadata.labels" : "spec.selector");
    return;
  }
  if (!r.is_workload()) {
    problem(spec ? root.key_node("spec") : root,
            fmt::format("{} has no pod template: {} is missing or not a mapping", r.kind(), r.pod().spec_path),
            std::string(r.pod().spec_path));
    return;
  }

  const PodTemplate& pod = r.pod();
  std::string pod_path(pod.spec_path);
  if (pod_path != "spec") {
    const std::string meta_path = pod.metadata_path().str();
    if (pod.metadata && !pod.metadata.is_null()) {
      if (pod.metadata.is_mapping()) {
        std::string p = meta_path;
        check.object(pod.metadata, kMetadata, p);
      } else {
        problem(pod.metadata, fmt::format("{} must be a mapping, not {}", meta_path, describe_value(pod.metadata)),
                meta_path);
      }
    }
  }
  const Value containers = pod.spec["containers"];
  if (!containers || containers.is_null()) {
    // Point at the `spec:` key that holds the pod spec.
    const std::string_view parent_path =
        pod.spec_path == "spec" ? std::string_view{} : pod.spec_path.substr(0, pod.spec_path.size() - 5);
    Value parent = root;
    const FieldPath parent_field = FieldPath::parse(parent_path);
    for (const auto& seg : parent_field.segments()) parent = parent[seg.key];
    problem(parent.key_node("spec") ? parent.key_node("spec") : pod.spec, fmt::format("{} has no containers", pod_path),
            pod_path + ".containers");
  }
  check.object(pod.spec, kPodSpec, pod_path);
}

}  // namespace shipshape
