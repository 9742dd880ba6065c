// required-labels-missing: objects without the labels the organisation requires.
#include "rules/appdev.hpp"
#include "rules/pattern.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "required-labels-missing",
    .section = kAppDev,
    .group = "Tagging resources",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "An object lacks a label the configuration requires, or a label's value does not match "
        "its configured pattern; does nothing until configured.",
    .applies_to =
        "objects of the kinds in the `kinds` option (by default workloads, Namespaces, Services, "
        "Ingresses, ConfigMaps, Secrets, PersistentVolumeClaims, ServiceAccounts, "
        "HorizontalPodAutoscalers, PodDisruptionBudgets and NetworkPolicies)",
    .rationale =
        "Ownership labels (owner, team, project, business unit) tell an on-call engineer whom "
        "to call and let finance attribute costs; security labels (confidentiality, compliance "
        "scope) let policies and auditors find what holds sensitive data. They only work when "
        "every object carries them with a value from the agreed vocabulary.",
    .remediation = "Add the required labels with a value that matches the configured pattern.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {team: shop}
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
)yaml",
    .good_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {team: shop, confidentiality: internal}
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
)yaml",
    .options = {{"labels", OptionType::string_list, "[]", "label keys every checked object must carry"},
                {"patterns", OptionType::string_list, "[]",
                 "`key=regex` entries: the value of label `key`, when present, must match the regular "
                 "expression (RE2 syntax, matched against the whole value in linear time), e.g. "
                 "`confidentiality=public|internal|restricted`"},
                {"kinds", OptionType::string_list,
                 "[workloads, Namespace, Service, Ingress, ConfigMap, Secret, PersistentVolumeClaim, "
                 "ServiceAccount, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy]",
                 "kinds to check (any API group); `workloads` stands for every kind with a pod template, "
                 "`*` for every object"}},
    .notes =
        "With the default (empty) `labels` and `patterns` the rule reports nothing. Missing labels "
        "are reported once per object, naming every missing key; a value that does not match its "
        "pattern is reported at the value. A pattern applies only when the label is present, so "
        "list the key in `labels` as well to require it. A label with an empty value is present "
        "and is checked against its pattern. Only the object's own metadata.labels are read; "
        "objects with ownerReferences inherit their labels from their owner and are skipped, as are workload fragments "
        "without "
        "spec.selector or pod template labels (kustomize patches, which get their labels from the "
        "kustomization).",
    .example_config = R"yaml(rules:
  required-labels-missing:
    options:
      labels: [team, confidentiality]
      patterns: ["confidentiality=public|internal|restricted"]
)yaml",
};

struct LabelPattern {
  std::string key;
  std::string text;
  Pattern re;
};

class RequiredLabelsMissing final : public BasicRule {
 public:
  RequiredLabelsMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }
  void configure(const Options& options) override {
    labels_ = options.get_list("labels");
    kinds_ = KindFilter(options.get_list("kinds"));
    const auto entries = options.get_list("patterns");
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const std::string& entry = entries[i];
      const auto eq = entry.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw OptionError("patterns", i, fmt::format("patterns: \"{}\" is not of the form key=regex", entry));
      }
      LabelPattern p{entry.substr(0, eq), entry.substr(eq + 1), {}};
      p.re = Pattern(p.text, false, "patterns", i);
      patterns_.push_back(std::move(p));
    }
  }

  void check(const Resource& r, Context& ctx) const override {
    if ((labels_.empty() && patterns_.empty()) || !kinds_.matches(r)) return;
    if (!r.metadata()["ownerReferences"].empty() || r.is_fragment()) return;
    const Value labels = r.labels();
    std::vector<std::string_view> missing;
    for (const auto& key : labels_) {
      if (!labels[key]) missing.push_back(key);
    }
    if (!missing.empty()) {
      const Value at = labels.is_mapping() ? labels : r.metadata().is_mapping() ? r.metadata() : r.root();
      ctx.report(r, at, FieldPath::parse("metadata.labels"),
                 fmt::format("lacks the required label{} {}", missing.size() == 1 ? "" : "s", quoted_list(missing)));
    }
    for (const LabelPattern& p : patterns_) {
      const Value v = labels[p.key];
      if (!v) continue;
      const std::string_view text = v.str();
      if (p.re.full_match(text)) continue;
      // Label values are at most 63 characters; a longer one is shown by its start.
      std::size_t cut = std::min<std::size_t>(text.size(), 60);
      while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
      const std::string shown =
          text.size() <= 100 ? std::string(text) : fmt::format("{}... ({} bytes)", text.substr(0, cut), text.size());
      ctx.report(
          r, v, FieldPath::parse("metadata.labels").key(p.key),
          fmt::format("label \"{}\" is \"{}\", which does not match the required pattern {}", p.key, shown, p.text));
    }
  }

 private:
  std::vector<std::string> labels_;
  std::vector<LabelPattern> patterns_;
  KindFilter kinds_;
};

}  // namespace

std::unique_ptr<Rule> make_required_labels_missing() { return std::make_unique<RequiredLabelsMissing>(); }

}  // namespace shipshape::rules
