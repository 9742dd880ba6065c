// recommended-labels-missing: application objects without the recommended app.kubernetes.io labels.
#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "recommended-labels-missing",
    .section = kAppDev,
    .group = "Tagging resources",
    .severity = Severity::info,
    .enabled = true,
    .summary =
        "An application object lacks some of the recommended labels (option, default the six "
        "app.kubernetes.io labels); one finding names every missing key.",
    .applies_to =
        "objects of the kinds in the `kinds` option (by default workloads, Services, Ingresses, "
        "ConfigMaps, Secrets, PersistentVolumeClaims, ServiceAccounts, HorizontalPodAutoscalers, "
        "PodDisruptionBudgets and NetworkPolicies)",
    .rationale =
        "The recommended labels (name, instance, version, component, part-of, managed-by) let "
        "people and tools answer basic questions about any object: which application is this, "
        "which release, which version, who deploys it. Dashboards, cost reports, kubectl "
        "queries and incident responders all rely on them being there consistently.",
    .remediation =
        "Add the missing labels to the object's metadata, ideally from one place (a Helm "
        "helper, a kustomize `labels` entry) so that every object of the application carries "
        "the same set.",
    .bad_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  selector: {app.kubernetes.io/name: web}
  ports: [{port: 80}]
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: web-prod
    app.kubernetes.io/version: "1.4.2"
    app.kubernetes.io/component: frontend
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/managed-by: helm
spec:
  selector: {app.kubernetes.io/name: web}
  ports: [{port: 80}]
)yaml",
    .options = {{"labels", OptionType::string_list,
                 "[app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, "
                 "app.kubernetes.io/component, app.kubernetes.io/part-of, app.kubernetes.io/managed-by]",
                 "label keys every checked object should carry"},
                {"kinds", OptionType::string_list,
                 "[workloads, Service, Ingress, ConfigMap, Secret, PersistentVolumeClaim, ServiceAccount, "
                 "HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy]",
                 "kinds to check (any API group); `workloads` stands for every kind with a pod template "
                 "(custom ones included), `*` for every object"}},
    .notes =
        "Only the object's own metadata.labels are read, not its pod template's. A label that is "
        "present counts even with an empty value. Cluster-wide and infrastructure objects "
        "(Namespaces, RBAC, CRDs, webhooks...) are not checked by default, since they rarely belong "
        "to one application; add their kinds, or `*`, to `kinds` to include them. Objects with "
        "ownerReferences get their labels from their owner and are skipped, as are workload fragments "
        "without spec.selector or pod template labels (kustomize patches, which get their labels from "
        "the kustomization).",
};

class RecommendedLabelsMissing final : public BasicRule {
 public:
  RecommendedLabelsMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }
  void configure(const Options& options) override {
    labels_ = options.get_list("labels");
    kinds_ = KindFilter(options.get_list("kinds"));
  }

  void check(const Resource& r, Context& ctx) const override {
    if (labels_.empty() || !kinds_.matches(r)) return;
    if (!r.metadata()["ownerReferences"].empty() || r.is_fragment()) return;
    const Value labels = r.labels();
    std::vector<std::string_view> missing;
    for (const auto& key : labels_) {
      if (!labels[key]) missing.push_back(key);
    }
    if (missing.empty()) return;
    const Value at = labels.is_mapping() ? labels : r.metadata().is_mapping() ? r.metadata() : r.root();
    ctx.report(r, at, FieldPath::parse("metadata.labels"),
               fmt::format("lacks the recommended label{} {}", missing.size() == 1 ? "" : "s", quoted_list(missing)));
  }

 private:
  std::vector<std::string> labels_;
  KindFilter kinds_;
};

}  // namespace

std::unique_ptr<Rule> make_recommended_labels_missing() { return std::make_unique<RecommendedLabelsMissing>(); }

}  // namespace shipshape::rules
