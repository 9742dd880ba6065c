// duplicate-object: the same object defined by two documents of a run.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "duplicate-object",
    .section = kInput,
    .group = "Input problems",
    .severity = Severity::error,
    .enabled = true,
    .summary = "Two documents define the same API group, kind, namespace and name.",
    .applies_to = "every object with a name",
    .rationale = "When two documents describe one object, the last one applied wins and the other is "
                 "silently lost. It usually means a copy-paste that kept the old name, or two overlays "
                 "that both render the same object.",
    .remediation = "Rename one of the objects, or remove the duplicate.",
    .bad_example = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n---\n"
                   "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n",
    .good_example = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n---\n"
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: staging\ndata:\n  mode: slow\n",
    .notes = "Every definition after the first is reported, pointing back at the first. Objects named "
             "only by generateName are never duplicates. Namespaces are effective namespaces, so an "
             "object without metadata.namespace collides with one in the default namespace.",
};

class DuplicateObject final : public BasicRule {
 public:
  DuplicateObject() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.metadata()["name"].is_scalar() || r.name().empty()) return;
    const auto same = ctx.index().same_object(r);
    if (same.size() < 2 || same.front() == &r) return;
    const Resource& first = *same.front();
    const Position at = first.metadata()["name"].position();
    ctx.report(r, r.metadata()["name"], FieldPath::parse("metadata.name"),
               fmt::format("this object is defined more than once; the first definition is at {}:{}",
                           first.source().file(), at.line));
  }
};

}  // namespace

std::unique_ptr<Rule> make_duplicate_object() { return std::make_unique<DuplicateObject>(); }

}  // namespace shipshape::rules
