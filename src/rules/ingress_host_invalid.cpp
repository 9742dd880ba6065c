// ingress-host-invalid: Ingress hosts that are not valid lower-case DNS names.
#include <cctype>
#include <optional>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "ingress-host-invalid",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "An Ingress host is not a valid lower-case DNS name (a wildcard is allowed only as the whole "
        "leftmost label, and IP addresses are not allowed).",
    .applies_to = "spec.rules[].host and spec.tls[].hosts[] of Ingresses",
    .rationale =
        "The API server rejects hosts that are not lower-case DNS names, so the whole Ingress fails to "
        "apply; in a tls section a malformed host silently fails to match any certificate name. IP "
        "addresses are not allowed as hosts at all, and internationalised names must be written in "
        "their punycode (xn--) form.",
    .remediation =
        "Write the host as a lower-case DNS name (shop.example.com), a wildcard only as the first "
        "label (*.example.com), and international names in punycode.",
    .bad_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: Shop.Example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
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
)yaml",
    .notes =
        "The rules follow the API server's validation: labels of 1 to 63 characters from a-z, 0-9 and -, "
        "starting and ending with a letter or digit, at most 253 characters in all, no trailing dot and no "
        "port. Hosts in tls sections are checked the same way. An upper-case host gets a fix that writes "
        "it in lower case; a non-ASCII host gets a message asking for its punycode form (no fix: the "
        "conversion depends on IDNA mapping rules).",
};

bool ip_address(std::string_view host) {
  constexpr std::string_view kIpv6Characters = "0123456789abcdefABCDEF:.[]";
  if (host.find(':') != std::string_view::npos && host.find_first_not_of(kIpv6Characters) == std::string_view::npos) {
    return true;
  }
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

/// Why a host is invalid, or nothing.
std::optional<std::string> problem(std::string_view host) {
  if (host.size() > 253) return "is longer than 253 characters";
  for (char c : host) {
    if (static_cast<unsigned char>(c) >= 0x80) return "contains non-ASCII characters; write it in punycode (xn--...)";
  }
  if (ip_address(host)) return "is an IP address; Ingress hosts must be DNS names";
  if (host.find(':') != std::string_view::npos) return "contains a port; Ingress hosts take no port";
  if (host.back() == '.') return "ends with a dot";
  std::string_view rest = host;
  if (rest == "*") return "is a bare wildcard; write *.domain, or leave the host out to match every host";
  if (rest.substr(0, 2) == "*.") rest.remove_prefix(2);
  bool upper = false;
  std::size_t i = 0;
  while (i <= rest.size()) {
    std::size_t end = rest.find('.', i);
    if (end == std::string_view::npos) end = rest.size();
    const std::string_view label = rest.substr(i, end - i);
    if (label.empty()) return "has an empty label";
    if (label.size() > 63) return fmt::format("has a label longer than 63 characters ({}...)", label.substr(0, 20));
    if (label.find('*') != std::string_view::npos) return "has a wildcard that is not the whole leftmost label";
    for (char c : label) {
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
        return fmt::format("contains the character '{}'", c);
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return fmt::format("has a label starting or ending with '-' ({})", label);
    }
    i = end + 1;
  }
  if (upper) return "is not lower case";
  return std::nullopt;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class IngressHostInvalid final : public BasicRule {
 public:
  IngressHostInvalid() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return ingress_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    std::size_t i = 0;
    for (Value rule : r.spec()["rules"].items()) {
      check_host(r, rule["host"], FieldPath::parse("spec.rules").index(i++).key("host"), ctx);
    }
    i = 0;
    for (Value tls : r.spec()["tls"].items()) {
      std::size_t j = 0;
      for (Value host : tls["hosts"].items()) {
        check_host(r, host, FieldPath::parse("spec.tls").index(i).key("hosts").index(j++), ctx);
      }
      ++i;
    }
  }

 private:
  static void check_host(const Resource& r, Value host, const FieldPath& path, Context& ctx) {
    if (!host.is_scalar() || host.str().empty()) return;
    const auto why = problem(host.str());
    if (!why) return;
    Fix fix;
    if (*why == "is not lower case") fix = {{"replace", path.json_pointer(), json_quote(lower(host.str()))}};
    ctx.report(r, host, path, fmt::format("host \"{}\" {}", host.str(), *why), std::move(fix));
  }
};

}  // namespace

std::unique_ptr<Rule> make_ingress_host_invalid() { return std::make_unique<IngressHostInvalid>(); }

}  // namespace shipshape::rules
