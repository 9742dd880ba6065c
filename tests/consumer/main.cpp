// Checks one manifest with a custom rule added beside the built-in ones, as an in-house tool
// would, and prints what it found.
#include <iostream>

#include <shipshape/shipshape.hpp>

namespace {

class TeamLabelMissing final : public shipshape::Rule {
 public:
  const shipshape::RuleInfo& info() const override {
    static const shipshape::RuleInfo info{.id = "team-label-missing", .section = "In-house", .group = "Ownership",
                                          .severity = shipshape::Severity::error,
                                          .summary = "An object has no team label."};
    return info;
  }
  shipshape::Scope scope() const override { return shipshape::Scope::everything(); }
  void check(const shipshape::Resource& r, shipshape::Context& ctx) const override {
    if (r.label("team").empty()) {
      ctx.report(r, r.metadata(), shipshape::FieldPath().key("metadata").key("labels").key("team"),
                 "the object has no team label");
    }
  }
};

}  // namespace

int main() {
  shipshape::Registry registry = shipshape::Registry::with_builtin_rules();
  registry.add([] { return std::make_unique<TeamLabelMissing>(); });
  shipshape::Config config;
  config.only = {"team-label-missing", "liveness-probe-missing"};
  shipshape::Engine engine(config, registry);
  const auto report = engine.check_texts({{"pod.yaml",
                                           "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
                                           "    - name: c\n      image: nginx:1.27\n",
                                           shipshape::InputFormat::yaml}});
  for (const auto& f : report.findings) std::cout << f.file << ':' << f.line << ' ' << f.rule << '\n';
  return report.findings.size() == 2 ? 0 : 1;
}
