// A deterministic generator of realistic Kubernetes manifests for the benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shipshape::bench {

/// One application: the manifests of a Deployment or StatefulSet and its companions
/// (Service, ConfigMap, HPA, PDB, Ingress, NetworkPolicy), as one YAML stream.
struct GeneratedApp {
  std::string ns;
  std::string name;
  std::string yaml;
  std::uint32_t objects = 0;
};

/// Generates apps until `objects` objects exist (the last app may be cut short so the count
/// is exact). The same seed always gives the same bytes. Namespaces get one default-deny
/// NetworkPolicy each; about one object in a few carries a mistake the default rules catch
/// (missing probes or resources, identical probes, unknown probe ports, bad quantities,
/// requests above limits, wrong field types, duplicate objects).
[[nodiscard]] std::vector<GeneratedApp> generate_apps(std::uint64_t objects, std::uint64_t seed);

}  // namespace shipshape::bench
