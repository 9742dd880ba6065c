// Building Resources from documents: identity, namespace, workload views, suppressions.
#include "shipshape/resource.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "resource_builder.hpp"
#include "schema.hpp"

namespace shipshape {

FieldPath Container::path() const { return FieldPath::parse(pod_spec_path_).key(list_name()).index(index_); }

std::string Container::describe() const {
  const char* what = kind_ == ContainerKind::regular   ? "container"
                     : kind_ == ContainerKind::sidecar ? "sidecar container"
                                                       : "init container";
  const auto n = name();
  if (n.empty()) return fmt::format("{} #{}", what, index_ + 1);
  return fmt::format("{} \"{}\"", what, n);
}

FieldPath PodTemplate::metadata_path() const {
  // The pod spec path ends in `spec`; the metadata sits beside it.
  std::string_view p = spec_path;
  if (p.size() >= 4) p.remove_suffix(4);
  std::string s(p);
  s += "metadata";
  return FieldPath::parse(s);
}

GroupVersion split_api_version(std::string_view api_version) noexcept {
  const auto slash = api_version.rfind('/');
  if (slash == std::string_view::npos) return {{}, api_version};
  return {api_version.substr(0, slash), api_version.substr(slash + 1)};
}

ObjectRef Resource::ref() const {
  return ObjectRef{std::string(api_version_), std::string(kind_), ns_, std::string(name_)};
}

std::string Resource::display() const {
  if (name_.empty()) return std::string(kind_);
  if (ns_.empty()) return fmt::format("{} {}", kind_, name_);
  return fmt::format("{} {}/{}", kind_, ns_, name_);
}

bool Resource::ignores(std::string_view rule_id) const noexcept {
  for (auto r : ignored_rules_) {
    if (r == rule_id || r == "all") return true;
  }
  return false;
}

std::vector<WorkloadKind> builtin_workload_kinds() {
  return {
      {"", "Pod", ""},
      {"", "ReplicationController", "spec.template"},
      {"apps", "Deployment", "spec.template"},
      {"apps", "StatefulSet", "spec.template"},
      {"apps", "DaemonSet", "spec.template"},
      {"apps", "ReplicaSet", "spec.template"},
      {"extensions", "Deployment", "spec.template"},
      {"extensions", "DaemonSet", "spec.template"},
      {"extensions", "ReplicaSet", "spec.template"},
      {"batch", "Job", "spec.template"},
      {"batch", "CronJob", "spec.jobTemplate.spec.template"},
      {"argoproj.io", "Rollout", "spec.template"},
      {"apps.openshift.io", "DeploymentConfig", "spec.template"},
  };
}

bool is_builtin_cluster_scoped(std::string_view group, std::string_view kind) noexcept {
  struct GroupKind {
    std::string_view group, kind;
  };
  static constexpr std::array kClusterScoped{
      GroupKind{"", "Namespace"},
      GroupKind{"", "Node"},
      GroupKind{"", "PersistentVolume"},
      GroupKind{"", "ComponentStatus"},
      GroupKind{"rbac.authorization.k8s.io", "ClusterRole"},
      GroupKind{"rbac.authorization.k8s.io", "ClusterRoleBinding"},
      GroupKind{"apiextensions.k8s.io", "CustomResourceDefinition"},
      GroupKind{"apiregistration.k8s.io", "APIService"},
      GroupKind{"storage.k8s.io", "StorageClass"},
      GroupKind{"storage.k8s.io", "CSIDriver"},
      GroupKind{"storage.k8s.io", "CSINode"},
      GroupKind{"storage.k8s.io", "VolumeAttachment"},
      GroupKind{"storage.k8s.io", "VolumeAttributesClass"},
      GroupKind{"scheduling.k8s.io", "PriorityClass"},
      GroupKind{"node.k8s.io", "RuntimeClass"},
      GroupKind{"networking.k8s.io", "IngressClass"},
      GroupKind{"networking.k8s.io", "IPAddress"},
      GroupKind{"networking.k8s.io", "ServiceCIDR"},
      GroupKind{"policy", "PodSecurityPolicy"},
      GroupKind{"extensions", "PodSecurityPolicy"},
      GroupKind{"admissionregistration.k8s.io", "ValidatingWebhookConfiguration"},
      GroupKind{"admissionregistration.k8s.io", "MutatingWebhookConfiguration"},
      GroupKind{"admissionregistration.k8s.io", "ValidatingAdmissionPolicy"},
      GroupKind{"admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"},
      GroupKind{"admissionregistration.k8s.io", "MutatingAdmissionPolicy"},
      GroupKind{"admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"},
      GroupKind{"certificates.k8s.io", "CertificateSigningRequest"},
      GroupKind{"certificates.k8s.io", "ClusterTrustBundle"},
      GroupKind{"flowcontrol.apiserver.k8s.io", "FlowSchema"},
      GroupKind{"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"},
      GroupKind{"resource.k8s.io", "DeviceClass"},
      GroupKind{"resource.k8s.io", "ResourceSlice"},
      GroupKind{"cert-manager.io", "ClusterIssuer"},
      GroupKind{"gateway.networking.k8s.io", "GatewayClass"},
  };
  return std::any_of(kClusterScoped.begin(), kClusterScoped.end(),
                     [&](const GroupKind& gk) { return gk.group == group && gk.kind == kind; });
}

bool is_configuration_kind(std::string_view group, std::string_view kind) noexcept {
  struct GroupKind {
    std::string_view group, kind;
  };
  static constexpr std::array kConfigurationKinds{
      GroupKind{"kustomize.config.k8s.io", "Kustomization"},
      GroupKind{"kustomize.config.k8s.io", "Component"},
      GroupKind{"kubeadm.k8s.io", "ClusterConfiguration"},
      GroupKind{"kubeadm.k8s.io", "InitConfiguration"},
      GroupKind{"kubeadm.k8s.io", "JoinConfiguration"},
      GroupKind{"kubeadm.k8s.io", "ResetConfiguration"},
      GroupKind{"kubeadm.k8s.io", "UpgradeConfiguration"},
      GroupKind{"kubeadm.k8s.io", "MasterConfiguration"},
      GroupKind{"kubeadm.k8s.io", "NodeConfiguration"},
      GroupKind{"kubeadm.k8s.io", "ClusterStatus"},
      GroupKind{"kubelet.config.k8s.io", "KubeletConfiguration"},
      GroupKind{"kubelet.config.k8s.io", "CredentialProviderConfig"},
      GroupKind{"kubeproxy.config.k8s.io", "KubeProxyConfiguration"},
      GroupKind{"kubescheduler.config.k8s.io", "KubeSchedulerConfiguration"},
      GroupKind{"kubecontrollermanager.config.k8s.io", "KubeControllerManagerConfiguration"},
      GroupKind{"cloudcontrollermanager.config.k8s.io", "CloudControllerManagerConfiguration"},
      GroupKind{"controller-runtime.sigs.k8s.io", "ControllerManagerConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "EncryptionConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "AdmissionConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "AuthenticationConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "AuthorizationConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "EgressSelectorConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "TracingConfiguration"},
      GroupKind{"apiserver.config.k8s.io", "ResourceQuotaConfiguration"},
      GroupKind{"apiserver.k8s.io", "AdmissionConfiguration"},
      GroupKind{"audit.k8s.io", "Policy"},
      GroupKind{"eventratelimit.admission.k8s.io", "Configuration"},
      GroupKind{"podtolerationrestriction.admission.k8s.io", "Configuration"},
      GroupKind{"pod-security.admission.config.k8s.io", "PodSecurityConfiguration"},
      GroupKind{"podsecurity.admission.config.k8s.io", "PodSecurityConfiguration"},
      GroupKind{"client.authentication.k8s.io", "ExecCredential"},
      GroupKind{"", "Config"},  // kubeconfig
      GroupKind{"kind.x-k8s.io", "Cluster"},
      GroupKind{"k3d.io", "Simple"},
      GroupKind{"skaffold", "Config"},
  };
  return std::any_of(kConfigurationKinds.begin(), kConfigurationKinds.end(),
                     [&](const GroupKind& gk) { return gk.kind == kind && gk.group == group; });
}

namespace {

/// Pod spec paths live for the whole process: Resources and Containers keep views of them,
/// and there are only a handful (one per workload kind).
std::string_view intern(const std::string& s) {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> strings;
  std::lock_guard lock(mutex);
  return *strings.insert(s).first;
}

}  // namespace

ResourceBuilder::ResourceBuilder(std::string default_namespace, std::vector<WorkloadKind> workload_kinds)
    : default_namespace_(std::move(default_namespace)) {
  for (auto& wk : workload_kinds) {
    const std::string spec_path = wk.template_path.empty() ? "spec" : wk.template_path + ".spec";
    workload_kinds_.push_back({std::move(wk.group), std::move(wk.kind), intern(spec_path)});
  }
}

const ResourceBuilder::Kind* ResourceBuilder::workload_kind(std::string_view group,
                                                            std::string_view kind) const noexcept {
  for (const auto& wk : workload_kinds_) {
    if (wk.kind == kind && wk.group == group) return &wk;
  }
  return nullptr;
}

void ResourceBuilder::make_cluster_scoped(Resource& r) {
  r.namespaced_ = false;
  r.ns_.clear();
}

std::uint32_t ResourceBuilder::mark_controlled(std::span<Resource> resources) {
  // The controller reference of each object with a pod template, if any: most runs have none.
  std::vector<std::pair<Resource*, Value>> owned;
  for (Resource& r : resources) {
    if (!r.pod_.spec.is_mapping()) continue;
    for (Value ref : r.metadata()["ownerReferences"].items()) {
      if (ref["controller"].is_true()) {
        owned.emplace_back(&r, ref);
        break;
      }
    }
  }
  if (owned.empty()) return 0;
  // Workloads by application, group, kind, namespace and name (owners live in their dependents'
  // namespace and, like every cross-resource link, in their application).
  std::unordered_multimap<std::string, const Resource*> workloads;
  auto key = [](std::uint32_t app, std::string_view group, std::string_view kind, std::string_view ns,
                std::string_view name) { return fmt::format("{}/{}/{}/{}/{}", app, group, kind, ns, name); };
  for (const Resource& r : resources) {
    if (r.pod_.spec.is_mapping()) workloads.emplace(key(r.application(), r.group_, r.kind_, r.ns_, r.name_), &r);
  }
  std::uint32_t marked = 0;
  for (auto& [r, ref] : owned) {
    const std::string_view uid = ref["uid"].str();
    const auto range = workloads.equal_range(key(r->application(), split_api_version(ref["apiVersion"].str()).group,
                                                 ref["kind"].str(), r->ns_, ref["name"].str()));
    for (auto it = range.first; it != range.second; ++it) {
      const std::string_view owner_uid = it->second->metadata()["uid"].str();
      if (it->second == r || (!uid.empty() && !owner_uid.empty() && uid != owner_uid)) continue;
      r->controlled_ = true;
      ++marked;
      break;
    }
  }
  return marked;
}

namespace {

Problem object_problem(const Document& doc, Value at, std::string message) {
  return Problem{
      ProblemKind::manifest_invalid, doc.tree->source_ptr(), at.offset(), doc.index, std::move(message), {}, {}};
}

void collect_ignored(Value annotations, std::vector<std::string_view>& out) {
  const std::string_view list = annotations[kIgnoreAnnotation].str();
  std::size_t i = 0;
  while (i < list.size()) {
    std::size_t end = list.find(',', i);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(i, end - i);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    i = end + 1;
  }
}

/// Controllers whose selector must match their template labels: without labels, or without a
/// selector where the API version requires one, the API server refuses them.
bool is_controller_fragment(const Resource& r, Value obj) {
  const bool apps = r.group() == "apps" || r.group() == "extensions";
  const bool controller = (apps && (r.kind() == "Deployment" || r.kind() == "StatefulSet" || r.kind() == "DaemonSet" ||
                                    r.kind() == "ReplicaSet")) ||
                          (r.group() == "argoproj.io" && r.kind() == "Rollout");
  if (!controller) return false;
  const Value labels = obj["spec"]["template"]["metadata"]["labels"];
  if (!labels.is_mapping() || labels.empty()) return true;
  // extensions/v1beta1 and apps/v1beta1 default the selector to the template labels.
  const bool selector_required = r.group() != "extensions" && !(r.group() == "apps" && r.version() == "v1beta1");
  // An empty selector ({}) is a mistake of its own, reported by selector-mismatch.
  const Value selector = obj["spec"]["selector"];
  return selector_required && !selector.is_mapping();
}

/// Follows a dotted path of mapping keys.
Value follow(Value v, std::string_view dotted) {
  std::size_t i = 0;
  while (i <= dotted.size() && v) {
    std::size_t end = dotted.find('.', i);
    if (end == std::string_view::npos) end = dotted.size();
    v = v[dotted.substr(i, end - i)];
    i = end + 1;
  }
  return v;
}

}  // namespace

void ResourceBuilder::add(const Document& doc, std::uint32_t file_index, std::vector<Resource>& out,
                          std::vector<Problem>& problems, Counts& counts) const {
  const Value root = doc.root;
  if (!root || root.is_null()) return;  // an empty document
  if (!root.is_mapping()) {
    ++counts.skipped;  // a scalar or a list at the top: not a manifest
    return;
  }
  if (!root["apiVersion"] && !root["kind"]) {
    ++counts.skipped;  // CI configs, Helm values and the like
    return;
  }
  add_object(root, doc, file_index, out, problems, 0, {});
}

void ResourceBuilder::add_object(Value obj, const Document& doc, std::uint32_t file_index, std::vector<Resource>& out,
                                 std::vector<Problem>& problems, int depth, const std::string& pointer) const {
  const Value api_version = obj["apiVersion"];
  const Value kind = obj["kind"];
  if (!api_version || !kind) {
    problems.push_back(object_problem(doc, obj,
                                      api_version
                                          ? fmt::format("object has apiVersion \"{}\" but no kind", api_version.str())
                                          : fmt::format("object has kind \"{}\" but no apiVersion", kind.str())));
    return;
  }
  if (!api_version.is_string() || api_version.str().empty()) {
    problems.push_back(object_problem(
        doc, api_version, fmt::format("apiVersion must be a non-empty string, not {}", describe_value(api_version))));
    return;
  }
  if (!kind.is_string() || kind.str().empty()) {
    problems.push_back(
        object_problem(doc, kind, fmt::format("kind must be a non-empty string, not {}", describe_value(kind))));
    return;
  }
  const std::string_view kind_text = kind.str();
  const Value items = obj["items"];
  if (kind_text.size() >= 4 && kind_text.substr(kind_text.size() - 4) == "List" && items) {
    if (!items.is_sequence()) {
      if (!items.is_null()) {
        problems.push_back(object_problem(
            doc, items, fmt::format("items of a {} must be a list, not {}", kind_text, describe_value(items))));
      }
      return;
    }
    if (depth >= 8) {
      problems.push_back(object_problem(doc, obj, "Lists nested more than 8 deep"));
      return;
    }
    std::size_t index = 0;
    for (Value item : items.items()) {
      const std::string item_pointer = fmt::format("{}/items/{}", pointer, index++);
      if (!item.is_mapping()) {
        problems.push_back(object_problem(
            doc, item, fmt::format("an item of a {} must be an object, not {}", kind_text, describe_value(item))));
        continue;
      }
      if (!item["apiVersion"] && !item["kind"]) {
        problems.push_back(
            object_problem(doc, item, fmt::format("an item of a {} has no apiVersion and no kind", kind_text)));
        continue;
      }
      add_object(item, doc, file_index, out, problems, depth + 1, item_pointer);
    }
    return;
  }

  Resource r;
  r.root_ = obj;
  r.api_version_ = api_version.str();
  const auto gv = split_api_version(r.api_version_);
  r.group_ = gv.group;
  r.version_ = gv.version;
  r.kind_ = kind_text;
  r.source_.tree = doc.tree;
  r.source_.document = doc.index;
  r.source_.file_index = file_index;
  r.source_.helm_source = doc.helm_source;
  r.source_.pointer = pointer;

  const Value metadata = obj["metadata"];
  const Value name = metadata["name"];
  const Value generate_name = metadata["generateName"];
  if (name.is_scalar()) {
    r.name_ = name.str();
  } else if (generate_name.is_scalar()) {
    r.name_ = generate_name.str();
  }
  r.configuration_ = is_configuration_kind(r.group_, r.kind_);
  r.namespaced_ = !r.configuration_ && !is_builtin_cluster_scoped(r.group_, r.kind_);
  if (r.namespaced_) {
    const Value ns = metadata["namespace"];
    r.ns_ = ns.is_scalar() && !ns.str().empty() ? std::string(ns.str()) : default_namespace_;
  }

  const Value hook = metadata["annotations"]["helm.sh/hook"];
  r.helm_hook_ = hook && !hook.is_null();
  const Kind* wk = workload_kind(r.group_, r.kind_);
  if (wk) {
    const std::string_view spec_path = wk->spec_path;
    r.pod_.spec_path = spec_path;
    const Value spec = follow(obj, spec_path);
    r.fragment_ = is_controller_fragment(r, obj);
    if (spec.is_mapping()) {
      r.pod_.spec = spec;
      r.pod_.metadata =
          spec_path == "spec" ? metadata : follow(obj, spec_path.substr(0, spec_path.size() - 5))["metadata"];
      std::uint32_t i = 0;
      for (Value c : spec["containers"].items()) {
        if (c.is_mapping()) r.containers_.emplace_back(c, ContainerKind::regular, i, spec_path);
        ++i;
      }
      i = 0;
      for (Value c : spec["initContainers"].items()) {
        if (c.is_mapping() && c["restartPolicy"].equals("Always")) {
          r.containers_.emplace_back(c, ContainerKind::sidecar, i, spec_path);
        }
        ++i;
      }
      r.long_lived_containers_ = r.containers_.size();
      i = 0;
      for (Value c : spec["initContainers"].items()) {
        if (c.is_mapping() && !c["restartPolicy"].equals("Always")) {
          r.containers_.emplace_back(c, ContainerKind::init, i, spec_path);
        }
        ++i;
      }
      const bool batch = r.group_ == "batch" && (r.kind_ == "Job" || r.kind_ == "CronJob");
      const Value restart = spec["restartPolicy"];
      const bool finite_pod = r.kind_ == "Pod" && (restart.equals("Never") || restart.equals("OnFailure"));
      r.long_running_ = !batch && !finite_pod && !(r.helm_hook_ && r.kind_ == "Pod");
      collect_ignored(r.pod_.metadata["annotations"], r.ignored_rules_);
    }
  }
  collect_ignored(metadata["annotations"], r.ignored_rules_);

  const std::size_t before = problems.size();
  validate_object(r, doc, problems);
  for (std::size_t i = before; i < problems.size(); ++i) problems[i].object = r.ref();
  out.push_back(std::move(r));
}

}  // namespace shipshape
