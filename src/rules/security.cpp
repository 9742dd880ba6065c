// The effective security context and the small normalisations the pod-security rules share.
#include "rules/security.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace shipshape::rules {
namespace {

constexpr std::array<std::string_view, 6> kPodLevelFields{"runAsUser",      "runAsGroup",     "runAsNonRoot",
                                                          "seccompProfile", "seLinuxOptions", "appArmorProfile"};

}  // namespace

EffectiveSecurityContext::EffectiveSecurityContext(const Resource& r, const Container& c)
    : resource_(r), container_(c) {}

FieldPath EffectiveSecurityContext::container_path(std::string_view field) const {
  return container_.path().key("securityContext").key(field);
}

SecuritySetting EffectiveSecurityContext::get(std::string_view field) const {
  const Value own = container_["securityContext"][field];
  if (own && !own.is_null()) return {own, container_path(field), false};
  if (std::find(kPodLevelFields.begin(), kPodLevelFields.end(), field) != kPodLevelFields.end()) {
    const Value pod = resource_.pod().spec["securityContext"][field];
    if (pod && !pod.is_null()) {
      return {pod, FieldPath::parse(resource_.pod().spec_path).key("securityContext").key(field), true};
    }
  }
  return {{}, container_path(field), false};
}

bool windows_pod(const Resource& r) {
  const Value spec = r.pod().spec;
  if (spec["os"]["name"].equals("windows")) return true;
  return spec["nodeSelector"]["kubernetes.io/os"].equals("windows") ||
         spec["nodeSelector"]["beta.kubernetes.io/os"].equals("windows");
}

std::string normalize_capability(std::string_view name) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (s.rfind("CAP_", 0) == 0) s.erase(0, 4);
  return s;
}

std::string normalize_sysctl(std::string_view name) {
  std::string s(name);
  const auto slash = s.find('/');
  const auto dot = s.find('.');
  if (slash != std::string::npos && (dot == std::string::npos || slash < dot)) {
    for (char& c : s) {
      if (c == '/') {
        c = '.';
      } else if (c == '.') {
        c = '/';
      }
    }
  }
  return s;
}

}  // namespace shipshape::rules

namespace shipshape::rules {

void HostNamespaceRule::check(const Resource& r, Context& ctx) const {
  const Value v = r.pod().spec[field_];
  if (!v.is_true()) return;
  const FieldPath path = FieldPath::parse(r.pod().spec_path).key(field_);
  ctx.report(r, v, path, fmt::format("the pod shares the host's {}", what_), remove_field(path));
}

}  // namespace shipshape::rules
