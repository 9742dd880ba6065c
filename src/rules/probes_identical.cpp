// probes-identical: liveness and readiness probes that run the same check.
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "probes-identical",
    .section = kAppDev,
    .group = "Health checks",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "A container's liveness and readiness probes use the same handler (same httpGet path "
        "and port, same tcpSocket port, same grpc port and service, or same exec command).",
    .applies_to = "containers of every workload",
    .rationale =
        "Readiness answers \"send me traffic?\", liveness answers \"restart me?\". When both ask "
        "the same question, a container that is merely busy fails both at once and is "
        "restarted instead of being given time, which turns a load spike into a restart storm.",
    .remediation =
        "Point the liveness probe at a cheaper check that fails only when the process is "
        "stuck, or keep the same endpoint but give the liveness probe a much higher "
        "failureThreshold. Better still, use different endpoints.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports: [{name: http, containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /health, port: http}
      livenessProbe:
        httpGet: {path: /health, port: 8080}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports: [{name: http, containerPort: 8080}]
      readinessProbe:
        httpGet: {path: /ready, port: http}
      livenessProbe:
        httpGet: {path: /alive, port: http}
)yaml",
    .notes =
        "Named ports are resolved through the container's ports before comparing, so `port: http` "
        "and `port: 8080` are the same when `http` is 8080. A missing httpGet path means `/`. "
        "Timing fields (thresholds, periods) are not compared: the handler is what matters.",
};

/// A probe handler reduced to what identifies the check.
struct Handler {
  std::string kind;
  std::string port;
  std::string detail;  // http path, grpc service, or the exec command joined
  friend bool operator==(const Handler&, const Handler&) = default;
};

std::string resolve_port(const Container& c, Value port) {
  if (port.scalar_type() == ScalarType::integer) return std::string(port.str());
  if (Value p = container_port_named(c, port.str())) return std::string(p["containerPort"].str());
  return fmt::format("name:{}", port.str());
}

std::optional<Handler> handler_of(const Container& c, Value probe) {
  if (Value h = probe["httpGet"]; h.is_mapping()) {
    const std::string_view path = h["path"].str();
    return Handler{"httpGet", resolve_port(c, h["port"]), std::string(path.empty() ? "/" : path)};
  }
  if (Value h = probe["tcpSocket"]; h.is_mapping()) return Handler{"tcpSocket", resolve_port(c, h["port"]), {}};
  if (Value h = probe["grpc"]; h.is_mapping())
    return Handler{"grpc", std::string(h["port"].str()), std::string(h["service"].str())};
  if (Value h = probe["exec"]; h.is_mapping()) {
    std::string command;
    for (Value part : h["command"].items()) {
      command += part.str();
      command.push_back('\0');
    }
    return Handler{"exec", {}, command};
  }
  return std::nullopt;
}

std::string describe(const Handler& h) {
  if (h.kind == "httpGet") return fmt::format("httpGet {} on port {}", h.detail, h.port);
  if (h.kind == "tcpSocket") return fmt::format("tcpSocket on port {}", h.port);
  if (h.kind == "grpc") return fmt::format("grpc on port {}", h.port);
  return "the same exec command";
}

class ProbesIdentical final : public BasicRule {
 public:
  ProbesIdentical() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.containers()) {
      const Value liveness = c["livenessProbe"];
      const auto live = handler_of(c, liveness);
      const auto ready = handler_of(c, c["readinessProbe"]);
      if (!live || !ready || !(*live == *ready)) continue;
      ctx.report(r, liveness, c.path().key("livenessProbe"),
                 fmt::format("{} uses the same check for liveness and readiness ({})", c.describe(), describe(*live)));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_probes_identical() { return std::make_unique<ProbesIdentical>(); }

}  // namespace shipshape::rules
