// metadata-api-reachable: egress rules that let pods reach the cloud metadata service.
#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "rules/network.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "metadata-api-reachable",
    .section = kGovernance,
    .group = "Network policies",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "An egress rule allows 0.0.0.0/0 (or ::/0) without excepting the cloud metadata address "
        "169.254.169.254.",
    .applies_to = "egress rules of networking.k8s.io NetworkPolicies that govern egress",
    .rationale =
        "Cloud providers serve instance metadata, including the node's cloud credentials, at "
        "169.254.169.254 to anything on the node that asks. A pod allowed to reach 'the internet' "
        "through 0.0.0.0/0 can reach it too, and with it act as the node in the cloud account.",
    .remediation =
        "Add 169.254.169.254/32 to the ipBlock's except list (and fd00:ec2::254/128 for IPv6 on AWS), "
        "or narrow the allowed destinations.",
    .bad_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
)yaml",
    .good_example = R"yaml(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [169.254.169.254/32]
)yaml",
    .notes =
        "Besides 0.0.0.0/0, any ipBlock broader than the link-local range that covers 169.254.169.254 "
        "(such as 128.0.0.0/1 plus 0.0.0.0/1, or 160.0.0.0/3) counts; a block that names the metadata "
        "range itself (169.254.0.0/16, 169.254.169.254/32) is a deliberate choice and is not reported. "
        "For IPv6 the metadata address is AWS's fd00:ec2::254, reached by blocks broader than fd00::/8. "
        "An except entry that covers the address (169.254.0.0/16 works too) satisfies the rule. An egress "
        "rule without any 'to' peer allows every destination and is reported as well. Rules whose ports "
        "cannot include TCP port 80, where metadata services listen, are not reported (named ports are "
        "assumed not to). Policies that do not govern egress are skipped: their egress rules are "
        "ignored. The fix adds the metadata address to the except list.",
};

struct Cidr {
  int family = 0;
  std::array<std::uint8_t, 16> bytes{};
  int prefix = 0;

  static std::optional<Cidr> parse(std::string_view text) {
    const auto slash = text.find('/');
    const std::string address(text.substr(0, slash));
    Cidr c;
    if (inet_pton(AF_INET, address.c_str(), c.bytes.data()) == 1) {
      c.family = AF_INET;
    } else if (inet_pton(AF_INET6, address.c_str(), c.bytes.data()) == 1) {
      c.family = AF_INET6;
    } else {
      return std::nullopt;
    }
    const int bits = c.family == AF_INET ? 32 : 128;
    if (slash == std::string_view::npos) {
      c.prefix = bits;
      return c;
    }
    const std::string_view p = text.substr(slash + 1);
    if (p.empty() || p.size() > 3) return std::nullopt;
    int prefix = 0;
    for (char ch : p) {
      if (ch < '0' || ch > '9') return std::nullopt;
      prefix = prefix * 10 + (ch - '0');
    }
    if (prefix > bits) return std::nullopt;
    c.prefix = prefix;
    return c;
  }

  [[nodiscard]] bool contains(const Cidr& address) const {
    if (family != address.family) return false;
    for (int bit = 0; bit < prefix; ++bit) {
      const auto i = static_cast<std::size_t>(bit / 8);
      const auto mask = static_cast<std::uint8_t>(0x80U >> static_cast<unsigned>(bit % 8));
      if ((bytes[i] & mask) != (address.bytes[i] & mask)) return false;
    }
    return true;
  }
};

const Cidr kMetadataV4 = *Cidr::parse("169.254.169.254");
const Cidr kMetadataV6 = *Cidr::parse("fd00:ec2::254");

/// Whether a rule's ports can let TCP port 80 through.
bool ports_allow_http(Value ports) {
  if (ports.empty()) return true;
  for (Value p : ports.items()) {
    const Value protocol = p["protocol"];
    if (protocol && !protocol.is_null() && !protocol.equals("TCP")) continue;
    const Value port = p["port"];
    if (!port || port.is_null()) return true;
    const auto number = port.as_int();
    if (!number) continue;  // a named port
    const auto end = p["endPort"].as_int();
    if (*number == 80 || (end && *number <= 80 && 80 <= *end)) return true;
  }
  return false;
}

class MetadataApiReachable final : public BasicRule {
 public:
  MetadataApiReachable() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return network_policy_scope(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!policy_governs(r, "Egress")) return;
    const FieldPath base = FieldPath::parse("spec.egress");
    std::size_t i = 0;
    for (Value rule : r.spec()["egress"].items()) {
      const FieldPath rule_path = base.index(i++);
      if (!rule.is_mapping() || !ports_allow_http(rule["ports"])) continue;
      const Value to = rule["to"];
      if (to.empty()) {
        ctx.report(r, rule, rule_path,
                   "egress rule allows every destination, the cloud metadata address 169.254.169.254 included");
        continue;
      }
      std::size_t j = 0;
      for (Value peer : to.items()) {
        const FieldPath peer_path = rule_path.key("to").index(j++);
        const Value cidr_node = peer["ipBlock"]["cidr"];
        const auto cidr = Cidr::parse(cidr_node.str());
        if (!cidr) continue;
        const bool v4 = cidr->family == AF_INET;
        const Cidr& metadata = v4 ? kMetadataV4 : kMetadataV6;
        if (!cidr->contains(metadata) || cidr->prefix >= (v4 ? 16 : 8)) continue;
        bool excepted = false;
        for (Value e : peer["ipBlock"]["except"].items()) {
          const auto except = Cidr::parse(e.str());
          if (except && except->contains(metadata)) excepted = true;
        }
        if (excepted) continue;
        const std::string_view address = v4 ? "169.254.169.254/32" : "fd00:ec2::254/128";
        const FieldPath except_path = peer_path.key("ipBlock").key("except");
        const Fix fix = append_item(r, except_path, json_quote(address));
        ctx.report(r, cidr_node, peer_path.key("ipBlock").key("cidr"),
                   fmt::format("egress to {} does not except the cloud metadata address {}", cidr_node.str(), address),
                   fix);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_metadata_api_reachable() { return std::make_unique<MetadataApiReachable>(); }

}  // namespace shipshape::rules
