// Reading what a HorizontalPodAutoscaler scales on.
#include "rules/autoscaling.hpp"

namespace shipshape::rules {

std::vector<ResourceMetric> resource_metrics(const Resource& hpa) {
  std::vector<ResourceMetric> out;
  const Value spec = hpa.spec();
  const FieldPath spec_path = FieldPath::parse("spec");
  if (const Value v1 = spec["targetCPUUtilizationPercentage"]; v1 && !v1.is_null()) {
    out.push_back({"cpu", true, {}, false, v1, spec_path.key("targetCPUUtilizationPercentage")});
    return out;
  }
  const Value metrics = spec["metrics"];
  if (metrics.empty()) {
    const Value at = spec.is_mapping() ? spec : hpa.root();
    out.push_back({"cpu", true, {}, true, at, spec_path.key("metrics")});
    return out;
  }
  std::size_t i = 0;
  for (Value m : metrics.items()) {
    const std::string_view type = m["type"].str();
    const FieldPath item = spec_path.key("metrics").index(i++);
    std::string_view field;
    if (type == "Resource") {
      field = "resource";
    } else if (type == "ContainerResource") {
      field = "containerResource";
    } else {
      continue;
    }
    const Value source = m[field];
    const std::string_view name = source["name"].str();
    if (name != "cpu" && name != "memory") continue;
    const bool utilization = source["target"]["type"].equals("Utilization") ||
                             (source["targetAverageUtilization"] && !source["targetAverageUtilization"].is_null());
    out.push_back({name, utilization, source["container"].str(), false, source["name"], item.key(field).key("name")});
  }
  return out;
}

}  // namespace shipshape::rules
