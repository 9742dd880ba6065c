// image-digest-missing: images that are not pinned by digest.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "image-digest-missing",
    .section = kGovernance,
    .group = "Custom policies",
    .severity = Severity::info,
    .enabled = false,
    .summary = "An image is not pinned by digest.",
    .applies_to = "images of regular, sidecar and init containers of every workload",
    .rationale =
        "Tags can be moved or overwritten, by accident or by someone who gained access to the "
        "registry. A digest names exactly one image content, so what was reviewed and scanned is what "
        "runs.",
    .remediation =
        "Append the digest to the reference (app:1.4.2@sha256:...); tools such as crane digest or "
        "your registry's UI give it, and update bots can keep it current.",
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
      image: nginx:1.27.3@sha256:2a3e0b0d4a8f1f6e7c8b9a0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f
)yaml",
    .notes =
        "Optional. Images that are not valid references (unexpanded template variables, ko:// paths) are "
        "skipped.",
};

class ImageDigestMissing final : public BasicRule {
 public:
  ImageDigestMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for_each_image(r, [&](const Container& c, Value image, const ImageReference& ref) {
      if (!ref.digest.empty()) return;
      ctx.report(r, image, c.path().key("image"),
                 fmt::format("{} uses image {} without a digest", c.describe(), image.str()));
    });
  }
};

}  // namespace

std::unique_ptr<Rule> make_image_digest_missing() { return std::make_unique<ImageDigestMissing>(); }

}  // namespace shipshape::rules
