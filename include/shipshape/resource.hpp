// The Resource model: one Kubernetes object with its identity, source and workload views.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/finding.hpp"
#include "shipshape/span.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// Where a container entry sits in its pod spec.
enum class ContainerKind : std::uint8_t {
  regular,  // spec.containers
  sidecar,  // spec.initContainers with restartPolicy: Always (counts as a regular container)
  init,     // any other spec.initContainers entry
};

/// A view of one container entry of a workload's pod spec.
class Container {
 public:
  Container(Value node, ContainerKind kind, std::uint32_t index, std::string_view pod_spec_path) noexcept
      : node_(node), kind_(kind), index_(index), pod_spec_path_(pod_spec_path) {}

  [[nodiscard]] Value node() const noexcept { return node_; }
  [[nodiscard]] Value operator[](std::string_view key) const noexcept { return node_[key]; }
  [[nodiscard]] std::string_view name() const noexcept { return node_["name"].str(); }
  [[nodiscard]] ContainerKind kind() const noexcept { return kind_; }
  /// True for regular containers and sidecars: the ones that run beside the application.
  [[nodiscard]] bool is_long_lived() const noexcept { return kind_ != ContainerKind::init; }
  /// `containers` or `initContainers`.
  [[nodiscard]] std::string_view list_name() const noexcept {
    return kind_ == ContainerKind::regular ? "containers" : "initContainers";
  }
  /// Index in its list.
  [[nodiscard]] std::uint32_t index() const noexcept { return index_; }
  /// Field path of the entry, e.g. `spec.template.spec.containers[1]`.
  [[nodiscard]] FieldPath path() const;
  /// `container "web"` or `init container "setup"`, for messages.
  [[nodiscard]] std::string describe() const;

 private:
  Value node_;
  ContainerKind kind_;
  std::uint32_t index_;
  std::string_view pod_spec_path_;  // dotted, e.g. `spec.template.spec`
};

/// The pod template of a workload (for a Pod: the Pod itself).
struct PodTemplate {
  Value metadata;  // template metadata (labels, annotations)
  Value spec;      // the pod spec
  /// Dotted path of the pod spec inside the object: `spec.template.spec`,
  /// `spec.jobTemplate.spec.template.spec`, or `spec` for a Pod.
  std::string_view spec_path;

  [[nodiscard]] Value labels() const noexcept { return metadata["labels"]; }
  /// Field path of the template's metadata (`metadata` for a Pod).
  [[nodiscard]] FieldPath metadata_path() const;
};

/// Where a resource came from.
struct SourceInfo {
  std::shared_ptr<const Tree> tree;  // keeps the text and nodes alive
  std::uint32_t document = 0;        // 0-based index of the document in its file
  std::uint32_t file_index = 0;      // order of the file in the run
  std::string_view helm_source;      // from a `# Source:` comment, if any
  /// The application the file belongs to (see Resource::application).
  std::uint32_t application = 0;
  std::string pointer;  // JSON pointer of the object in its document: empty, or `/items/N` in a List

  [[nodiscard]] const std::string& file() const noexcept { return tree->source().name(); }
};

/// One Kubernetes object of a run. Views (Value, Container) point into its tree and stay
/// valid as long as the Resource lives.
class Resource {
 public:
  Resource() = default;

  // --- identity ---
  [[nodiscard]] std::string_view api_version() const noexcept { return api_version_; }
  /// API group: empty for the core group (`v1`).
  [[nodiscard]] std::string_view group() const noexcept { return group_; }
  [[nodiscard]] std::string_view version() const noexcept { return version_; }
  [[nodiscard]] std::string_view kind() const noexcept { return kind_; }
  [[nodiscard]] std::string_view name() const noexcept { return name_; }
  /// Effective namespace: `metadata.namespace`, else the run's default; empty for
  /// cluster-scoped kinds.
  [[nodiscard]] std::string_view ns() const noexcept { return ns_; }
  [[nodiscard]] bool namespaced() const noexcept { return namespaced_; }
  [[nodiscard]] ObjectRef ref() const;
  /// `Deployment shop/web`, for messages.
  [[nodiscard]] std::string display() const;
  /// Position of the object in the run's list of resources.
  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  /// The application the object belongs to: cross-resource look-ups (the Index) only see the
  /// objects of the same application. 0 is the run-wide application (files under no
  /// application root, texts, standard input, and every object when the scope is the run);
  /// others number the application roots of the run. See docs/applications.md.
  [[nodiscard]] std::uint32_t application() const noexcept { return source_.application; }

  // --- content ---
  [[nodiscard]] Value root() const noexcept { return root_; }
  [[nodiscard]] Value metadata() const noexcept { return root_["metadata"]; }
  [[nodiscard]] Value spec() const noexcept { return root_["spec"]; }
  [[nodiscard]] Value labels() const noexcept { return metadata()["labels"]; }
  [[nodiscard]] Value annotations() const noexcept { return metadata()["annotations"]; }
  [[nodiscard]] std::string_view label(std::string_view key) const noexcept { return labels()[key].str(); }
  [[nodiscard]] std::string_view annotation(std::string_view key) const noexcept { return annotations()[key].str(); }
  [[nodiscard]] const SourceInfo& source() const noexcept { return source_; }

  // --- workload views ---
  /// True for kinds with a pod template: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
  /// ReplicationController, Job, CronJob and configured custom resources; false for fragments
  /// and for objects that a workload of the run controls (see is_controlled).
  [[nodiscard]] bool is_workload() const noexcept { return pod_.spec.is_mapping() && !controlled_ && !fragment_; }
  /// Every workload except Job, CronJob, Pods with restartPolicy Never or OnFailure, and Helm
  /// hook Pods.
  [[nodiscard]] bool is_long_running() const noexcept { return long_running_ && !controlled_; }
  /// True for an object with a pod template whose controller ownerReference names a workload of
  /// the run (a ReplicaSet of a Deployment, the Pods of that ReplicaSet, as `kubectl get -o yaml`
  /// lists them). The owner is checked in its place: the object is not a workload (no workload
  /// rule sees it, no selector selects it), while rules about the object itself still apply.
  [[nodiscard]] bool is_controlled() const noexcept { return controlled_; }
  /// True for an object with a `helm.sh/hook` annotation: a Helm test Pod, a pre-install Job...
  /// Helm runs it around a release; it is no Service backend, and a hook Pod is not long-running.
  [[nodiscard]] bool is_helm_hook() const noexcept { return helm_hook_; }
  /// A Deployment, StatefulSet, DaemonSet, ReplicaSet or Rollout that the API server would
  /// refuse for want of pod template labels or of a required selector: almost always a
  /// fragment such as a kustomize patch. It is reported once by schema-invalid and is not a
  /// workload (no selector selects it); its pod template and containers are still available
  /// to the rules whose scope takes fragments (Scope::with_fragments), which judge the values
  /// it sets.
  [[nodiscard]] bool is_fragment() const noexcept { return fragment_; }
  /// A configuration file of a Kubernetes component or tool (a kustomization, a kubeadm,
  /// kubelet or kube-proxy configuration, an audit Policy...; see is_configuration_kind): it has
  /// no metadata.name by design and no namespace.
  [[nodiscard]] bool is_configuration() const noexcept { return configuration_; }
  [[nodiscard]] const PodTemplate& pod() const noexcept { return pod_; }
  /// Labels the workload's pods get (the template's; a Pod's own).
  [[nodiscard]] Value pod_labels() const noexcept { return pod_.labels(); }
  /// Regular containers and sidecars, in that order.
  [[nodiscard]] Span<const Container> containers() const noexcept {
    return {containers_.data(), long_lived_containers_};
  }
  /// Regular containers, sidecars and init containers.
  [[nodiscard]] Span<const Container> all_containers() const noexcept { return containers_; }

  /// True when the object or its pod template carries `shipshape.io/ignore` naming the rule
  /// (or `all`).
  [[nodiscard]] bool ignores(std::string_view rule_id) const noexcept;

 private:
  friend class ResourceBuilder;

  Value root_;
  std::string_view api_version_, group_, version_, kind_, name_;
  std::string ns_;
  bool namespaced_ = true;
  bool long_running_ = false;
  bool fragment_ = false;
  bool configuration_ = false;
  bool controlled_ = false;
  bool helm_hook_ = false;
  std::uint32_t id_ = 0;
  SourceInfo source_;
  PodTemplate pod_;
  std::vector<Container> containers_;
  std::size_t long_lived_containers_ = 0;
  std::vector<std::string_view> ignored_rules_;
};

/// A kind whose objects embed a pod template, with the template's dotted path
/// (`spec.template`); an empty path means the object is the pod itself.
struct WorkloadKind {
  std::string group;
  std::string kind;
  std::string template_path;
};

/// The workload kinds built in: Pod, the apps and batch controllers, plus argoproj.io Rollout
/// and apps.openshift.io DeploymentConfig.
[[nodiscard]] std::vector<WorkloadKind> builtin_workload_kinds();

/// Whether a kind is the configuration file of a Kubernetes component or tool rather than an
/// object of the API (kustomize Kustomization and Component, the kubeadm, kubelet, kube-proxy,
/// scheduler, controller manager and API server configuration kinds, the audit Policy,
/// admission plugin configurations, kubeconfig `v1 Config`, kind and k3d cluster files...).
/// Such documents need no metadata.name. The list is in docs/checklist.md.
[[nodiscard]] bool is_configuration_kind(std::string_view group, std::string_view kind) noexcept;

/// Whether a built-in kind is cluster-scoped (Namespace, ClusterRole, StorageClass...).
[[nodiscard]] bool is_builtin_cluster_scoped(std::string_view group, std::string_view kind) noexcept;

/// The annotation that suppresses rules for an object.
inline constexpr std::string_view kIgnoreAnnotation = "shipshape.io/ignore";

/// Splits `apps/v1` into group `apps` and version `v1` (`v1` has the empty core group).
struct GroupVersion {
  std::string_view group;
  std::string_view version;
};
[[nodiscard]] GroupVersion split_api_version(std::string_view api_version) noexcept;

}  // namespace shipshape
