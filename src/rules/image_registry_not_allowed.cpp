// image-registry-not-allowed: images pulled from a registry outside the configured allow list.
#include <vector>

#include "rules/common.hpp"
#include "shipshape/image.hpp"

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
    .bad_example =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n"
        "      image: nginx:1.27.3\n",
    .good_example =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n"
        "      image: registry.example.com/web/nginx:1.27.3\n",
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
    .example_config = "rules:\n  image-registry-not-allowed:\n    options:\n      allowed: [registry.example.com]\n",
};

class ImageRegistryNotAllowed final : public BasicRule {
 public:
  ImageRegistryNotAllowed() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void configure(const Options& options) override { allowed_ = options.get_list("allowed"); }

  void check(const Resource& r, Context& ctx) const override {
    if (allowed_.empty()) return;
    for (const Container& c : r.all_containers()) {
      const Value image = c["image"];
      const auto ref = ImageReference::parse(image.str());
      if (!ref) continue;
      bool ok = false;
      for (const auto& pattern : allowed_) ok = ok || registry_pattern_matches(pattern, *ref);
      if (ok) continue;
      ctx.report(r, image, c.path().key("image"),
                 fmt::format("{} pulls {} from {}, which is not an allowed registry", c.describe(), image.str(),
                             ref->registry));
    }
  }

 private:
  std::vector<std::string> allowed_;
};

}  // namespace

std::unique_ptr<Rule> make_image_registry_not_allowed() { return std::make_unique<ImageRegistryNotAllowed>(); }

}  // namespace shipshape::rules
