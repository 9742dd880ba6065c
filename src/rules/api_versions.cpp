// Lifecycle look-ups and fixes shared by the api-version-* rules.
#include "rules/api_versions.hpp"

namespace shipshape::rules {

const k8s::Lifecycle* lifecycle_of(const Resource& r) {
  const k8s::ApiData& data = k8s::ApiData::get();
  if (!data.builtin_group(r.group())) return nullptr;
  return data.lifecycle(r.group(), r.version(), r.kind());
}

bool served_in(const Resource& r, const k8s::Lifecycle& l, int target) {
  if (l.removed != 0 && target >= l.removed) return false;
  if (l.introduced != 0 && target < l.introduced) return false;
  // Within the data, what the release documents serve is the last word (curated removals aside).
  const k8s::ApiData& data = k8s::ApiData::get();
  if (target >= data.oldest_minor() && target <= data.newest_minor()) {
    const std::uint64_t minors = data.serving(r.group(), r.version(), r.kind());
    if (minors != 0 && ((minors >> static_cast<unsigned>(target)) & 1U) == 0) return false;
  }
  return true;
}

Fix replacement_fix(const Resource& r, const k8s::Lifecycle& l, int target) {
  if (!l.fix_safe || l.replacement.empty()) return {};
  const auto gv = split_api_version(l.replacement);
  if (!k8s::ApiData::get().catalog(target).find(gv.group, gv.version, r.kind())) return {};
  return {{"replace", "/apiVersion", json_quote(l.replacement)}};
}

std::string use_replacement(const k8s::Lifecycle& l) {
  if (l.replacement.empty()) return {};
  return fmt::format("; use {}", l.replacement);
}

}  // namespace shipshape::rules
