// pod-spreading-missing: replicated workloads whose pods may all land on one node.
#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "pod-spreading-missing",
    .section = kAppDev,
    .group = "Fault tolerance",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A Deployment or StatefulSet with more than one replica has neither a pod anti-affinity "
        "term nor a topology spread constraint that selects its own pods.",
    .applies_to =
        "Deployments and StatefulSets (and argoproj.io Rollouts, apps.openshift.io "
        "DeploymentConfigs) whose effective replicas exceed 1",
    .rationale =
        "Replicas only protect against a node failure when they run on different nodes. Without "
        "a spreading rule the scheduler is free to put every replica on the same node or in the "
        "same zone, and one failure takes them all down.",
    .remediation =
        "Add a topologySpreadConstraints entry (topologyKey kubernetes.io/hostname or "
        "topology.kubernetes.io/zone) or a pod anti-affinity term whose labelSelector matches "
        "the workload's own pod labels.",
    .bad_example = R"yaml(apiVersion: apps/v1
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
)yaml",
    .good_example = R"yaml(apiVersion: apps/v1
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
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {app: web}
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .notes =
        "Effective replicas follow the shared semantics (an HPA's minReplicas wins over "
        "spec.replicas). Required and preferred pod anti-affinity terms both count, as does any "
        "topology spread constraint, whatever its topologyKey, maxSkew or whenUnsatisfiable. The "
        "selector of the term must match the pod template's own labels (matchLabels and "
        "matchExpressions); a missing labelSelector selects no pods and does not count. "
        "`matchLabelKeys` always match the pod's own values and are ignored; an anti-affinity "
        "`mismatchLabelKeys` key that the pods carry excludes their own replicas, so such a term "
        "does not count. An anti-affinity term whose `namespaces` list leaves out the workload's "
        "namespace does not count unless it also has a namespaceSelector (which cannot be "
        "evaluated from manifests and is given the benefit of the doubt). Pod affinity (as "
        "opposed to anti-affinity) never counts. The fix appends a constraint on "
        "kubernetes.io/hostname with whenUnsatisfiable ScheduleAnyway, selecting the workload's "
        "spec.selector. "
        "Objects without spec.selector or pod template labels are fragments the API server would "
        "refuse (typically kustomize patches) and are skipped.",
};

bool term_selects_own_pods(Value term, const Resource& r, bool anti_affinity) {
  const Value selector = term["labelSelector"];
  if (!selector.is_mapping()) return false;
  const auto parsed = LabelSelector::parse(selector);
  if (!parsed || !parsed->matches(r.pod_labels())) return false;
  if (anti_affinity) {
    for (Value key : term["mismatchLabelKeys"].items()) {
      if (r.pod_labels()[key.str()]) return false;
    }
    const Value namespaces = term["namespaces"];
    if (!namespaces.empty() && !term["namespaceSelector"].is_mapping()) {
      bool listed = false;
      for (Value ns : namespaces.items()) listed = listed || ns.str() == r.ns();
      if (!listed) return false;
    }
  }
  return true;
}

bool spreads(const Resource& r) {
  const Value spec = r.pod().spec;
  for (Value c : spec["topologySpreadConstraints"].items()) {
    if (term_selects_own_pods(c, r, false)) return true;
  }
  const Value anti = spec["affinity"]["podAntiAffinity"];
  for (Value term : anti["requiredDuringSchedulingIgnoredDuringExecution"].items()) {
    if (term_selects_own_pods(term, r, true)) return true;
  }
  for (Value weighted : anti["preferredDuringSchedulingIgnoredDuringExecution"].items()) {
    if (term_selects_own_pods(weighted["podAffinityTerm"], r, true)) return true;
  }
  return false;
}

/// The label selector the fix puts in the constraint: the workload's own selector when it
/// selects its pods, else the pod labels.
std::string fix_selector(const Resource& r) {
  const Value selector = r.spec()["selector"];
  if (selector["matchLabels"].is_mapping() || selector["matchExpressions"].is_sequence()) {
    const auto parsed = LabelSelector::parse(selector);
    if (parsed && !parsed->empty() && parsed->matches(r.pod_labels())) {
      std::string out = "{";
      if (selector["matchLabels"].is_mapping()) out += "\"matchLabels\":" + to_json(selector["matchLabels"]);
      if (selector["matchExpressions"].is_sequence()) {
        if (out.size() > 1) out += ',';
        out += "\"matchExpressions\":" + to_json(selector["matchExpressions"]);
      }
      return out + "}";
    }
  }
  if (selector.is_mapping() && !selector.empty() && !selector["matchLabels"] && !selector["matchExpressions"]) {
    const auto parsed = LabelSelector::from_map(selector);
    if (parsed && parsed->matches(r.pod_labels())) return "{\"matchLabels\":" + to_json(selector) + "}";
  }
  if (r.pod_labels().is_mapping() && !r.pod_labels().empty()) {
    return "{\"matchLabels\":" + to_json(r.pod_labels()) + "}";
  }
  return {};
}

class PodSpreadingMissing final : public BasicRule {
 public:
  PodSpreadingMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return replicated_controller_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    const auto replicas = replicas_above_one(r, ctx.index());
    if (!replicas || spreads(r)) return;
    const FieldPath path = FieldPath::parse(r.pod().spec_path).key("topologySpreadConstraints");
    Fix fix;
    if (const std::string selector = fix_selector(r); !selector.empty()) {
      const std::string constraint = fmt::format(
          R"({{"maxSkew":1,"topologyKey":"kubernetes.io/hostname","whenUnsatisfiable":"ScheduleAnyway","labelSelector":{}}})",
          selector);
      fix = append_item(r, path, constraint);
    }
    const Value existing = r.pod().spec["topologySpreadConstraints"];
    ctx.report(r, existing.is_sequence() ? existing : r.pod().spec, path,
               fmt::format("runs {} replicas but neither pod anti-affinity nor a topology spread constraint keeps "
                           "them on different nodes",
                           *replicas),
               std::move(fix));
  }
};

}  // namespace

std::unique_ptr<Rule> make_pod_spreading_missing() { return std::make_unique<PodSpreadingMissing>(); }

}  // namespace shipshape::rules
