// Reading what a HorizontalPodAutoscaler scales on, across its API versions.
#pragma once

#include <string_view>
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {

/// A CPU or memory metric of an HPA.
struct ResourceMetric {
  std::string_view resource;   // `cpu` or `memory`
  bool utilization = false;    // a percentage of the pods' requests
  std::string_view container;  // ContainerResource metrics: the one container measured
  bool implicit = false;       // no metric at all: the controller's default, 80% CPU
  Value node;                  // what to point at
  FieldPath path;
};

/// The CPU and memory metrics of an HPA: autoscaling/v1 `targetCPUUtilizationPercentage`,
/// v2 and v2beta2 `Resource` and `ContainerResource` metrics (target type Utilization,
/// AverageValue or Value), v2beta1 `targetAverageUtilization`/`targetAverageValue`. An HPA
/// with no metric scales on 80% average CPU utilisation, returned as an implicit metric.
[[nodiscard]] std::vector<ResourceMetric> resource_metrics(const Resource& hpa);

}  // namespace shipshape::rules
