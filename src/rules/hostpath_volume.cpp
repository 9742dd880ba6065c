// hostpath-volume: pods that keep data on the node's file system.
#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "hostpath-volume",
    .section = kAppDev,
    .group = "Scaling",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A pod uses a hostPath volume.",
    .applies_to = "volumes of the pod spec of every workload",
    .rationale =
        "A hostPath volume ties the pod's data to one node: a replica started elsewhere sees "
        "different files, a rescheduled pod loses what it wrote, and replicas on the same node "
        "trample each other's data. Such a workload cannot be scaled or moved freely. It is "
        "also a window onto the node itself (see sensitive-hostpath).",
    .remediation =
        "Keep state out of the pod: use a database or object store, a PersistentVolumeClaim "
        "for data that must survive the pod, or an emptyDir for scratch space.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts: [{name: data, mountPath: /data}]
  volumes:
    - name: data
      hostPath: {path: /srv/web}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts: [{name: data, mountPath: /data}]
  volumes:
    - name: data
      persistentVolumeClaim: {claimName: web-data}
)yaml",
    .options = {{"daemonsets", OptionType::boolean, "true",
                 "also report DaemonSets; node agents (log collectors, CNI and CSI plugins) use hostPath by "
                 "design, so set it to false to leave them to sensitive-hostpath"}},
    .notes =
        "A declared hostPath volume fires even if no container mounts it: the kubelet still sets it "
        "up (and a `DirectoryOrCreate` type still creates the directory on the node). Which host "
        "paths are dangerous is the business of sensitive-hostpath; this rule is about state kept "
        "on the node.",
};

class HostpathVolume final : public BasicRule {
 public:
  HostpathVolume() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void configure(const Options& options) override { daemonsets_ = options.get_bool("daemonsets"); }

  void check(const Resource& r, Context& ctx) const override {
    if (!daemonsets_ && is_daemonset(r)) return;
    std::size_t i = 0;
    for (Value volume : r.pod().spec["volumes"].items()) {
      const Value host_path = volume["hostPath"];
      const std::size_t index = i++;
      if (!host_path || host_path.is_null()) continue;
      ctx.report(r, host_path, FieldPath::parse(r.pod().spec_path).key("volumes").index(index).key("hostPath"),
                 fmt::format("volume \"{}\" is hostPath {}: its contents belong to the node, not to the pod",
                             volume["name"].str(), host_path["path"].str()));
    }
  }

 private:
  bool daemonsets_ = true;
};

}  // namespace

std::unique_ptr<Rule> make_hostpath_volume() { return std::make_unique<HostpathVolume>(); }

}  // namespace shipshape::rules
