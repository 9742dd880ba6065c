// image-registry-not-allowed: images pulled from a registry outside the configured allow list.
#include <vector>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "image-registry-not-allowed",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "An image's registry is outside the configured allow list (the rule does nothing until the list "
        "is configured).",
    .applies_to = "images of regular, sidecar and init containers of every workload",
    .rationale =
        "Images from arbitrary registries bypass the scanning, signing and mirroring an organisation "
        "applies to its own, and a typo in a registry name pulls somebody else's image. An allow list "
        "keeps every image on a path the organisation controls.",
    .remediation =
        "Pull the image from an allowed registry (mirror it there), or add its registry to the "
        "allowed option if it is trusted.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.3
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: registry.example.com/web/nginx:1.27.3
)yaml",
    .options = {{"allowed", OptionType::string_list, "[]",
                 "registries images may come from: a host (ghcr.io, localhost:5000), a host with a repository "
                 "prefix (ghcr.io/acme), or *.domain for its subdomains; empty turns the rule off"}},
    .notes =
        "The rule does nothing while allowed is empty, which is the default: there is no sensible "
        "organisation-independent list; the examples are checked under the configuration shown. "
        "References are parsed as container runtimes do: an image without a registry comes from "
        "docker.io (nginx is docker.io/library/nginx), index.docker.io is docker.io, hosts compare "
        "case-insensitively and ports matter (localhost:5000 is not localhost). A repository prefix "
        "matches at path boundaries only, and docker.io/nginx also covers the official image "
        "docker.io/library/nginx. Images that are not valid references (unexpanded template variables, "
        "ko:// paths) are skipped.",
    .example_config = R"yaml(rules:
  image-registry-not-allowed:
    options:
      allowed: [registry.example.com]
)yaml",
};

class ImageRegistryNotAllowed final : public BasicRule {
 public:
  ImageRegistryNotAllowed() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void configure(const Options& options) override { allowed_ = options.get_list("allowed"); }

  void check(const Resource& r, Context& ctx) const override {
    if (allowed_.empty()) return;
    for_each_image(r, [&](const Container& c, Value image, const ImageReference& ref) {
      bool ok = false;
      for (const auto& pattern : allowed_) ok = ok || registry_pattern_matches(pattern, ref);
      if (ok) return;
      ctx.report(r, image, c.path().key("image"),
                 fmt::format("{} pulls {} from {}, which is not an allowed registry", c.describe(), image.str(),
                             ref.registry));
    });
  }

 private:
  std::vector<std::string> allowed_;
};

}  // namespace

std::unique_ptr<Rule> make_image_registry_not_allowed() { return std::make_unique<ImageRegistryNotAllowed>(); }

}  // namespace shipshape::rules
