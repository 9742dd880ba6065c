// duplicate-env-var: the same environment variable defined twice in one container.
#include <unordered_map>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "duplicate-env-var",
    .section = kAppDev,
    .group = "Configuration and secrets",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A container defines the same environment variable name twice in its env list.",
    .applies_to = "env of every container, init containers included",
    .rationale =
        "Only the last definition takes effect, so the earlier one is dead configuration that "
        "looks authoritative. Duplicates usually come from merging manifests or overlays, and "
        "the value the application really sees is then not the one a reader finds first. "
        "Server-side apply and strategic merge patches also treat the list as keyed by name and "
        "misbehave on duplicates.",
    .remediation = "Keep one definition per name; delete the one that is not meant to win.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - {name: MODE, value: debug}
        - {name: MODE, value: production}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - {name: MODE, value: production}
)yaml",
    .notes =
        "Each repetition is reported at its name, citing the earlier entry. Names are compared "
        "exactly (environment variables are case-sensitive). A variable in env that also comes "
        "from envFrom is not a duplicate: env deliberately overrides envFrom. The fix removes the "
        "earlier definition, which the later one overrides anyway, so it does not change what the "
        "container sees.",
};

class DuplicateEnvVar final : public BasicRule {
 public:
  DuplicateEnvVar() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      std::unordered_map<std::string_view, std::size_t> seen;
      std::size_t i = 0;
      for (Value env : c["env"].items()) {
        const std::size_t index = i++;
        const Value name = env["name"];
        if (!name.is_scalar() || name.str().empty()) continue;
        auto [it, inserted] = seen.try_emplace(name.str(), index);
        if (inserted) continue;
        const std::size_t earlier = it->second;
        it->second = index;
        ctx.report(r, name, c.path().key("env").index(index).key("name"),
                   fmt::format("{} defines environment variable {} again; the earlier definition (env[{}]) is "
                               "ignored",
                               c.describe(), name.str(), earlier),
                   remove_field(c.path().key("env").index(earlier)));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_duplicate_env_var() { return std::make_unique<DuplicateEnvVar>(); }

}  // namespace shipshape::rules
