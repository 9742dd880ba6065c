// selector-mismatch: controllers whose selector does not select their own pod template.
#include <algorithm>

#include "rules/appdev.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "selector-mismatch",
    .section = kAppDev,
    .group = "Tagging resources",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A workload's spec.selector does not select the labels of its own pod template.",
    .applies_to =
        "workloads with a selector beside their pod template: Deployments, StatefulSets, "
        "DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJob job templates and custom "
        "workload kinds",
    .rationale =
        "A controller only counts the pods its selector matches. When the template's labels do "
        "not satisfy the selector the API server rejects the object (`selector does not match "
        "template labels`); where it does not check, the controller creates pods forever "
        "without ever seeing them.",
    .remediation =
        "Make the pod template carry every label the selector requires. Keep the selector small "
        "and stable (it is immutable on most kinds) and put changing labels such as the "
        "version only on the template.",
    .bad_example = R"yaml(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: website}
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
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, version: v2}
    spec:
      containers:
        - name: web
          image: nginx:1.27
)yaml",
    .notes =
        "ReplicationControllers and apps.openshift.io DeploymentConfigs use a plain `key: value` "
        "selector; every other kind a LabelSelector (matchLabels and matchExpressions, all operators). "
        "A missing selector is not reported (ReplicationControllers and old API versions default it "
        "to the template labels). An empty LabelSelector, or one written as a plain map without "
        "matchLabels, fires: the API server refuses both. When the only problem is selector labels "
        "that the template lacks, the fix adds them to the template.",
};

std::string describe(const LabelSelector::Requirement& req, Value labels) {
  const Value have = labels[req.key];
  const bool present = have && !have.is_null();
  auto values = [&] {
    std::string out;
    for (auto v : req.values) out += fmt::format("{}{}", out.empty() ? "" : ", ", v);
    return out;
  };
  std::string want;
  switch (req.op) {
    case LabelSelector::Op::in:
      want = req.values.size() == 1 ? fmt::format("{}={}", req.key, req.values[0])
                                    : fmt::format("{} in ({})", req.key, values());
      break;
    case LabelSelector::Op::not_in:
      want = fmt::format("{} not in ({})", req.key, values());
      break;
    case LabelSelector::Op::exists:
      want = fmt::format("a label {}", req.key);
      break;
    case LabelSelector::Op::does_not_exist:
      want = fmt::format("no label {}", req.key);
      break;
  }
  return present ? fmt::format("it requires {} but the template has {}={}", want, req.key, have.str())
                 : fmt::format("it requires {} but the template has no such label", want);
}

class SelectorMismatch final : public BasicRule {
 public:
  SelectorMismatch() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    const std::string_view spec_path = r.pod().spec_path;
    constexpr std::string_view kSuffix = ".template.spec";
    if (!spec_path.ends_with(kSuffix)) return;
    const std::string selector_path = std::string(spec_path.substr(0, spec_path.size() - kSuffix.size())) + ".selector";
    const FieldPath path = FieldPath::parse(selector_path);
    const Value selector = at_path(r, path);
    if (!selector || selector.is_null() || !selector.is_mapping()) return;
    const Value labels = r.pod_labels();
    const bool map_form = (r.kind() == "ReplicationController" && r.group().empty()) ||
                          (r.kind() == "DeploymentConfig" && r.group() == "apps.openshift.io");
    std::optional<LabelSelector> parsed;
    if (map_form) {
      if (selector.empty()) return;
      parsed = LabelSelector::from_map(selector);
    } else {
      if (!selector["matchLabels"] && !selector["matchExpressions"]) {
        ctx.report(r, selector, path,
                   selector.empty() ? std::string("selector is empty: it would claim every pod of the namespace, "
                                                  "and the API server rejects it")
                                    : std::string("selector has neither matchLabels nor matchExpressions (a plain "
                                                  "label map is the ReplicationController form)"));
        return;
      }
      parsed = LabelSelector::parse(selector);
      if (parsed && parsed->empty()) {
        ctx.report(r, selector, path,
                   "selector is empty: it would claim every pod of the namespace, and the API server rejects it");
        return;
      }
    }
    if (!parsed || parsed->matches(labels)) return;

    std::string reasons;
    bool fixable = true;
    std::vector<const LabelSelector::Requirement*> to_add;
    for (const auto& req : parsed->requirements()) {
      if (single_matches(req, labels)) continue;
      reasons += fmt::format("{}{}", reasons.empty() ? "" : "; ", describe(req, labels));
      const bool absent = !labels[req.key] || labels[req.key].is_null();
      if (req.op == LabelSelector::Op::in && req.values.size() == 1 && absent) {
        to_add.push_back(&req);
      } else {
        fixable = false;
      }
    }
    ctx.report(r, selector, path, fmt::format("selector does not match the pod template's labels: {}", reasons),
               fixable ? add_labels(r, to_add) : Fix{});
  }

 private:
  static bool single_matches(const LabelSelector::Requirement& req, Value labels) {
    const Value v = labels[req.key];
    const bool present = v && !v.is_null();
    const bool listed = present && std::find(req.values.begin(), req.values.end(), v.str()) != req.values.end();
    switch (req.op) {
      case LabelSelector::Op::in:
        return listed;
      case LabelSelector::Op::not_in:
        return !listed;
      case LabelSelector::Op::exists:
        return present;
      case LabelSelector::Op::does_not_exist:
        return !present;
    }
    return true;
  }

  static Fix add_labels(const Resource& r, const std::vector<const LabelSelector::Requirement*>& reqs) {
    const FieldPath labels_path = r.pod().metadata_path().key("labels");
    Fix fix;
    for (const auto* req : reqs) join_fix(fix, set_field(r, labels_path.key(req->key), json_quote(req->values[0])));
    return fix;
  }
};

}  // namespace

std::unique_ptr<Rule> make_selector_mismatch() { return std::make_unique<SelectorMismatch>(); }

}  // namespace shipshape::rules
