// Selector matching that knows the labels controllers add to the pods they create.
#pragma once

#include <span>
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {

/// Whether `selector` matches pods of `workload` once the labels its controller adds at run
/// time are taken into account (pod-template-hash, controller-revision-hash,
/// statefulset.kubernetes.io/pod-name, job-name and the like), which the pod template does not
/// carry. A requirement on such a label is met when the workload's kind adds it (and, for a
/// StatefulSet's pod name, the value is `<name>-<ordinal>`); every other requirement is
/// matched against the template labels.
[[nodiscard]] bool matches_with_controller_labels(const LabelSelector& selector, const Resource& workload);

/// Whether the selector has a requirement on a label that controllers add.
[[nodiscard]] bool uses_controller_labels(const LabelSelector& selector);

/// Workloads of `ns` that `selector` matches with controller labels taken into account.
[[nodiscard]] std::vector<const Resource*> select_with_controller_labels(const Index& index,
                                                                         const LabelSelector& selector,
                                                                         std::string_view ns,
                                                                         std::uint32_t application);

}  // namespace shipshape::rules
