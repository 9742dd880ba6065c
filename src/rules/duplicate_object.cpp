// duplicate-object: the same object defined by two documents of a run.
#include <stdexcept>

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
    .rationale =
        "When two documents describe one object, the last one applied wins and the other is "
        "silently lost. It usually means a copy-paste that kept the old name, or two overlays "
        "that both render the same object.",
    .remediation = "Rename one of the objects, or remove the duplicate.",
    .bad_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: slow
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: staging
data:
  mode: slow
)yaml",
    .options = {{"scope", OptionType::string, "run",
                 "where two definitions collide: `run` (anywhere in the object's application, which is "
                 "the whole run unless application roots split it), `directory` (files of one "
                 "directory, as `kubectl apply -f DIR` applies them) or `file`"}},
    .notes =
        "Every definition after the first is reported, pointing back at the first. Objects named "
        "only by generateName are never duplicates. Namespaces are effective namespaces, so an "
        "object without metadata.namespace collides with one in the default namespace. A "
        "repository that keeps alternative variants of the same objects side by side (one "
        "directory per environment, test data) is best checked one variant at a time; where "
        "that is not practical, the `scope` option narrows collisions to one directory or one file. "
        "Objects of two applications (directories with a kustomization or a Helm chart, "
        "docs/applications.md) never collide.",
};

enum class Where : std::uint8_t { run, directory, file };

std::string_view directory_of(std::string_view file) {
  const auto slash = file.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : file.substr(0, slash);
}

class DuplicateObject final : public BasicRule {
 public:
  DuplicateObject() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::everything(); }

  void configure(const Options& options) override {
    const std::string scope = options.get_string("scope");
    if (scope == "run") {
      where_ = Where::run;
    } else if (scope == "directory") {
      where_ = Where::directory;
    } else if (scope == "file") {
      where_ = Where::file;
    } else {
      throw std::invalid_argument("scope must be run, directory or file, not \"" + scope + "\"");
    }
  }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.metadata()["name"].is_scalar() || r.name().empty()) return;
    const auto same = ctx.index().same_object(r);
    if (same.size() < 2 || same.front() == &r) return;
    const Resource* earlier = nullptr;
    for (const Resource* other : same) {
      if (other == &r) break;
      if (together(*other, r)) {
        earlier = other;
        break;
      }
    }
    if (!earlier) return;
    const Resource& first = *earlier;
    const Position at = first.metadata()["name"].position();
    ctx.report(r, r.metadata()["name"], FieldPath::parse("metadata.name"),
               fmt::format("this object is defined more than once; the first definition is at {}:{}",
                           first.source().file(), at.line));
  }

 private:
  [[nodiscard]] bool together(const Resource& a, const Resource& b) const {
    switch (where_) {
      case Where::run:
        return true;
      case Where::directory:
        return directory_of(a.source().file()) == directory_of(b.source().file());
      case Where::file:
        return a.source().file_index == b.source().file_index;
    }
    return true;
  }

  Where where_ = Where::run;
};

}  // namespace

std::unique_ptr<Rule> make_duplicate_object() { return std::make_unique<DuplicateObject>(); }

}  // namespace shipshape::rules
