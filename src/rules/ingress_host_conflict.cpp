// ingress-host-conflict: two Ingresses of the run that claim the same host and path.
#include <cctype>
#include <map>
#include <unordered_map>
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "ingress-host-conflict",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::error,
    .enabled = true,
    .summary = "Two different Ingresses claim the same host and path.",
    .applies_to = "spec.rules of every Ingress of the run, across files and namespaces",
    .rationale =
        "When two Ingresses claim the same host and path, the controller picks one of them by rules of "
        "its own (oldest first, or alphabetical), usually without telling anyone. Traffic meant for "
        "one service lands on another, and it can flip when an object is re-created.",
    .remediation = "Give each Ingress its own host or path, or merge them into one Ingress.",
    .bad_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-v2
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web-v2, port: {number: 80}}
)yaml",
    .good_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service: {name: api, port: {number: 80}}
)yaml",
    .notes =
        "Cross-resource: every Ingress of the run is compared, whatever its file or namespace, since hosts "
        "are global. Both places are reported: the later claim names the file and line of the earlier "
        "one, and the earlier one names the first later claim. Hosts compare case-insensitively; a rule "
        "without a host is the catch-all host and conflicts with another catch-all; a missing path is /. "
        "Paths compare exactly and pathType is not considered. Ingresses of different classes "
        "(spec.ingressClassName, else the kubernetes.io/ingress.class annotation) are served by different "
        "controllers and never conflict; an Ingress without a class is compared only with others without "
        "one. NGINX canary Ingresses (nginx.ingress.kubernetes.io/canary: \"true\") duplicate a host and "
        "path on purpose and are skipped. The same object defined twice is duplicate-object's business.",
};

struct Claim {
  const Resource* ingress;
  Value at;
  FieldPath path;
  std::string_view host;  // as written
  std::string_view path_text;
};

struct Planned {
  Value at;
  FieldPath path;
  std::string message;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string where(const Claim& c) { return fmt::format("{}:{}", c.ingress->source().file(), c.at.position().line); }

class IngressHostConflict final : public BasicRule {
 public:
  IngressHostConflict() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return ingress_scope(); }

  void prepare(const Index& index, const RunSettings& /*settings*/) override {
    // (class, host, path) -> claims, in run order; std::map keeps the output deterministic.
    std::map<std::string, std::vector<Claim>> claims;
    for (const Resource* ing : index.of_kind("Ingress")) {
      if (!is_ingress(*ing)) continue;
      if (ing->annotation("nginx.ingress.kubernetes.io/canary") == "true") continue;
      std::string_view klass = ing->spec()["ingressClassName"].str();
      if (klass.empty()) klass = ing->annotation("kubernetes.io/ingress.class");
      std::size_t i = 0;
      for (Value rule : ing->spec()["rules"].items()) {
        const FieldPath rule_path = FieldPath::parse("spec.rules").index(i++);
        const Value host = rule["host"];
        std::size_t j = 0;
        for (Value p : rule["http"]["paths"].items()) {
          const FieldPath path_path = rule_path.key("http").key("paths").index(j++);
          const Value path = p["path"];
          const std::string_view text = path.str().empty() ? "/" : path.str();
          const std::string key = fmt::format("{}\n{}\n{}\n{}", ing->application(), klass, lower(host.str()), text);
          Claim c{ing, path ? path : (host ? host : p), path ? path_path.key("path") : path_path, host.str(), text};
          claims[key].push_back(std::move(c));
        }
      }
    }
    for (auto& [key, list] : claims) {
      (void)key;
      const Claim& first = list.front();
      const auto same = [&](const Claim& c) {
        return c.ingress == first.ingress ||
               (c.ingress->group() == first.ingress->group() && c.ingress->ns() == first.ingress->ns() &&
                c.ingress->name() == first.ingress->name());
      };
      const std::string what = first.host.empty()
                                   ? fmt::format("the catch-all host (no host) with path \"{}\"", first.path_text)
                                   : fmt::format("host \"{}\" with path \"{}\"", first.host, first.path_text);
      std::size_t others = 0;
      const Claim* second = nullptr;
      for (const Claim& c : list) {
        if (same(c)) continue;
        ++others;
        if (!second) second = &c;
        planned_[c.ingress->id()].push_back(
            {c.at, c.path,
             fmt::format("{} is already claimed by {} at {}", what, first.ingress->display(), where(first))});
      }
      if (!second) continue;
      planned_[first.ingress->id()].push_back(
          {first.at, first.path,
           fmt::format("{} is also claimed by {} at {}{}", what, second->ingress->display(), where(*second),
                       others > 1 ? fmt::format(" and {} more", others - 1) : "")});
    }
  }

  void check(const Resource& r, Context& ctx) const override {
    auto it = planned_.find(r.id());
    if (it == planned_.end()) return;
    for (const Planned& p : it->second) ctx.report(r, p.at, p.path, p.message);
  }

 private:
  std::unordered_map<std::uint32_t, std::vector<Planned>> planned_;
};

}  // namespace

std::unique_ptr<Rule> make_ingress_host_conflict() { return std::make_unique<IngressHostConflict>(); }

}  // namespace shipshape::rules
