// Checks one manifest with a custom rule added beside the built-in ones, as an in-house tool
// would, and prints what it found. Built as C++17 and as C++20 (tests/consumer/run.cmake).
#include <iostream>
#include <memory>

#include <shipshape/shipshape.hpp>

namespace {

shipshape::RuleInfo team_label_info() {
  shipshape::RuleInfo info;
  info.id = "team-label-missing";
  info.section = "In-house";
  info.group = "Ownership";
  info.severity = shipshape::Severity::error;
  info.summary = "An object has no team label.";
  return info;
}

class TeamLabelMissing final : public shipshape::Rule {
 public:
  const shipshape::RuleInfo& info() const override {
    static const shipshape::RuleInfo info = team_label_info();
    return info;
  }
  shipshape::Scope scope() const override { return shipshape::Scope::kinds({{"", "Pod"}, {"apps", "Deployment"}}); }
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
