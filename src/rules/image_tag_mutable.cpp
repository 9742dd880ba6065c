// image-tag-mutable: images without a tag, or tagged latest, and not pinned by digest.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "image-tag-mutable",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::error,
    .enabled = true,
    .summary = "An image has no tag or the tag latest, and no digest.",
    .applies_to = "images of regular, sidecar and init containers of every workload",
    .rationale =
        "An image without a tag means latest, and latest moves: two nodes can run different code under "
        "the same manifest, a rollback does not go back, and nobody can tell which build is running. "
        "Pulls also default to Always, so every restart depends on the registry.",
    .remediation =
        "Reference a version tag that is never overwritten (1.27.3, a release or commit id), or pin "
        "the image by digest.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:latest
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27.3
)yaml",
    .notes =
        "References are parsed as container runtimes do: in localhost:5000/app the :5000 is a registry "
        "port, not a tag. A digest makes any tag acceptable (nginx:latest@sha256:... is pinned). Only the "
        "literal tag latest is treated as mutable; other moving tags (stable, main) cannot be told apart "
        "from versions. Images that are not valid references, such as unexpanded template variables "
        "(${IMAGE}) or ko:// paths, are skipped, and so are containers without an image.",
};

class ImageTagMutable final : public BasicRule {
 public:
  ImageTagMutable() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for_each_image(r, [&](const Container& c, Value image, const ImageReference& ref) {
      if (!ref.digest.empty()) return;
      if (ref.tag.empty()) {
        ctx.report(r, image, c.path().key("image"),
                   fmt::format("{} uses image {} without a tag, which means latest", c.describe(), image.str()));
      } else if (ref.tag == "latest") {
        ctx.report(r, image, c.path().key("image"),
                   fmt::format("{} uses the mutable tag latest ({})", c.describe(), image.str()));
      }
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_image_tag_mutable() { return std::make_unique<ImageTagMutable>(); }

}  // namespace shipshape::rules
