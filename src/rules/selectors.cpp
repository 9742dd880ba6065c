// Matching selectors against pods as their controllers label them.
#include "rules/selectors.hpp"

#include <algorithm>
#include <array>

namespace shipshape::rules {
namespace {

struct ControllerLabel {
  std::string_view key;
  std::array<std::string_view, 2> kinds;
};

constexpr std::array<ControllerLabel, 10> kControllerLabels{{
    {"pod-template-hash", {"Deployment", "ReplicaSet"}},
    {"controller-revision-hash", {"StatefulSet", "DaemonSet"}},
    {"statefulset.kubernetes.io/pod-name", {"StatefulSet", ""}},
    {"apps.kubernetes.io/pod-index", {"StatefulSet", ""}},
    {"pod-template-generation", {"DaemonSet", ""}},
    {"job-name", {"Job", "CronJob"}},
    {"batch.kubernetes.io/job-name", {"Job", "CronJob"}},
    {"controller-uid", {"Job", "CronJob"}},
    {"batch.kubernetes.io/controller-uid", {"Job", "CronJob"}},
    {"batch.kubernetes.io/job-completion-index", {"Job", "CronJob"}},
}};

const ControllerLabel* controller_label(std::string_view key) {
  for (const auto& l : kControllerLabels) {
    if (l.key == key) return &l;
  }
  return nullptr;
}

bool requirement_matches(const LabelSelector::Requirement& r, Value labels) {
  const Value v = labels[r.key];
  const bool present = v && !v.is_null();
  const bool listed = present && std::find(r.values.begin(), r.values.end(), v.str()) != r.values.end();
  switch (r.op) {
    case LabelSelector::Op::exists:
      return present;
    case LabelSelector::Op::does_not_exist:
      return !present;
    case LabelSelector::Op::in:
      return listed;
    case LabelSelector::Op::not_in:
      return !listed;
  }
  return false;
}

/// Whether a StatefulSet named `name` has a pod named `value` (`<name>-<ordinal>`).
bool statefulset_pod(std::string_view name, std::string_view value) {
  if (value.size() <= name.size() + 1 || value.substr(0, name.size()) != name || value[name.size()] != '-') {
    return false;
  }
  const std::string_view ordinal = value.substr(name.size() + 1);
  return std::all_of(ordinal.begin(), ordinal.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool uses_controller_labels(const LabelSelector& selector) {
  return std::any_of(selector.requirements().begin(), selector.requirements().end(),
                     [](const LabelSelector::Requirement& r) { return controller_label(r.key) != nullptr; });
}

bool matches_with_controller_labels(const LabelSelector& selector, const Resource& workload) {
  for (const auto& r : selector.requirements()) {
    const ControllerLabel* l = controller_label(r.key);
    if (!l || workload.pod_labels()[r.key]) {
      if (!requirement_matches(r, workload.pod_labels())) return false;
      continue;
    }
    const bool added = std::find(l->kinds.begin(), l->kinds.end(), workload.kind()) != l->kinds.end();
    if (!added) {
      if (!requirement_matches(r, workload.pod_labels())) return false;
      continue;
    }
    if (r.op == LabelSelector::Op::does_not_exist) return false;
    if (r.op == LabelSelector::Op::in && r.key == "statefulset.kubernetes.io/pod-name" &&
        std::none_of(r.values.begin(), r.values.end(),
                     [&](std::string_view v) { return statefulset_pod(workload.name(), v); })) {
      return false;
    }
  }
  return true;
}

std::vector<const Resource*> select_with_controller_labels(const Index& index, const LabelSelector& selector,
                                                           std::string_view ns, std::uint32_t application) {
  std::vector<const Resource*> out;
  for (const Resource* w : index.workloads(ns, application)) {
    if (matches_with_controller_labels(selector, *w)) out.push_back(w);
  }
  return out;
}

}  // namespace shipshape::rules
