// container-port-name-invalid: port names that are no IANA service name, or that repeat.
#include <map>
#include <set>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "container-port-name-invalid",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A container port name is not a valid IANA service name, or is used twice in one container "
        "(an error) or by two containers of the pod (a warning).",
    .applies_to = "ports of the regular, sidecar and init containers of every workload",
    .rationale =
        "Services, probes and NetworkPolicies refer to container ports by name. The API server refuses "
        "a pod whose port name breaks the IANA service name syntax or repeats within a container, so "
        "the workload never starts. A name that two containers of the pod share is accepted, but a "
        "named targetPort or probe then resolves to whichever container comes first, which is rarely "
        "what both authors meant.",
    .remediation =
        "Name each port with at most 15 lower-case letters, digits and single hyphens, with at least "
        "one letter and no hyphen at either end (`http`, `grpc-web`, `metrics`), and give every port "
        "of the pod a name of its own.",
    .bad_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: HTTP_Port
          containerPort: 8080
)",
    .good_example = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: http
          containerPort: 8080
)",
    .notes =
        "The syntax is Kubernetes' IANA_SVC_NAME: 1 to 15 characters out of a-z, 0-9 and `-`, at least "
        "one letter, no leading or trailing hyphen and no two hyphens in a row (the API server's own "
        "check). Unnamed ports are fine. A name repeated inside one container is an error (the API "
        "server refuses it); the same name in two containers of one pod is a warning, reported at the "
        "second, counting regular containers before sidecars. Init containers that are not sidecars count for the "
        "syntax but not for clashes "
        "with the long-running containers, since they never run at the same time; names that are "
        "not strings are schema-invalid's business.",
};

/// Why `name` is not an IANA service name, or empty when it is one.
std::string_view iana_problem(std::string_view name) {
  if (name.size() > 15) return "longer than 15 characters";
  bool letter = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char ch = name[i];
    if (ch >= 'a' && ch <= 'z') {
      letter = true;
    } else if (ch == '-') {
      if (i == 0 || i + 1 == name.size()) return "starts or ends with a hyphen";
      if (name[i - 1] == '-') return "has two hyphens in a row";
    } else if (ch < '0' || ch > '9') {
      return "has characters other than lower-case letters, digits and '-'";
    }
  }
  if (!letter) return "has no letter";
  return {};
}

class ContainerPortNameInvalid final : public BasicRule {
 public:
  ContainerPortNameInvalid() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    // Names of the containers that run together (regular and sidecar), to the first user.
    std::map<std::string_view, const Container*, std::less<>> pod_names;
    for (const Container& c : r.all_containers()) {
      std::set<std::string_view, std::less<>> own;
      std::size_t i = 0;
      for (Value port : c["ports"].items()) {
        const std::size_t index = i++;
        const Value name = port["name"];
        if (!name.is_string() || name.str().empty()) continue;
        const std::string_view n = name.str();
        const FieldPath path = c.path().key("ports").index(index).key("name");
        if (const std::string_view problem = iana_problem(n); !problem.empty()) {
          ctx.report(r, name, path,
                     fmt::format("{} names a port \"{}\", which {}: not a valid port name", c.describe(), n, problem));
          continue;
        }
        if (!own.insert(n).second) {
          ctx.report(r, name, path, fmt::format("{} names two ports \"{}\"", c.describe(), n));
          continue;
        }
        if (!c.is_long_lived()) continue;
        const auto [it, added] = pod_names.emplace(n, &c);
        if (!added) {
          ctx.report(r, name, path,
                     fmt::format("{} names a port \"{}\", as {} does: a named targetPort or probe resolves to the "
                                 "first of them",
                                 c.describe(), n, it->second->describe()),
                     {}, Severity::warning);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_container_port_name_invalid() { return std::make_unique<ContainerPortNameInvalid>(); }

}  // namespace shipshape::rules
