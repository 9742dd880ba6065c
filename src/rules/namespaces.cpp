// Namespace-wide rules: one finding per namespace that holds workloads.
#include "rules/namespaces.hpp"

namespace shipshape::rules {

void NamespaceRule::check(const Resource& r, Context& ctx) const {
  const Index& index = ctx.index();
  if (r.kind() == "Namespace" && r.group().empty()) {
    if (index.find("Namespace", "", r.name(), r.application()) != &r) return;  // a duplicate: report the first one only
    if (index.workloads(r.name(), r.application()).empty()) return;
    if (auto message = problem(r.name(), r.application(), index)) {
      ctx.report(r, r.metadata()["name"], FieldPath::parse("metadata.name"), std::move(*message));
    }
    return;
  }
  if (!r.is_workload()) return;
  const auto workloads = index.workloads(r.ns(), r.application());
  if (workloads.empty() || workloads.front() != &r) return;
  if (const Resource* n = index.find("Namespace", "", r.ns(), r.application()); n && n->group().empty()) return;
  if (auto message = problem(r.ns(), r.application(), index)) {
    const Value ns = r.metadata()["namespace"];
    if (ns.is_scalar()) {
      ctx.report(r, ns, FieldPath::parse("metadata.namespace"), std::move(*message));
    } else {
      ctx.report(r, r.root(), {}, std::move(*message));
    }
  }
}

}  // namespace shipshape::rules
