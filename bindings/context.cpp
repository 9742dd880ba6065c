// shipshape._core: what a Python rule sees of the run around it: the settings, the Index, and the
// Context it reports through.
#include <pybind11/stl.h>

#include <optional>

#include "core.hpp"

namespace shipshape::python {

namespace {

/// Parses a field path given as dotted text or as a sequence of keys and indexes.
FieldPath field_path(const py::handle& path) {
  if (path.is_none()) return {};
  if (py::isinstance<py::str>(path)) return FieldPath::parse(path.cast<std::string>());
  FieldPath out;
  for (py::handle segment : path) {
    if (py::isinstance<py::bool_>(segment)) throw py::type_error("a path segment is a str key or an int index");
    if (py::isinstance<py::int_>(segment)) {
      const auto i = segment.cast<std::int64_t>();
      if (i < 0) throw py::value_error("a path index must not be negative");
      out = out.index(static_cast<std::size_t>(i));
    } else if (py::isinstance<py::str>(segment)) {
      out = out.key(segment.cast<std::string>());
    } else {
      throw py::type_error("a path segment is a str key or an int index");
    }
  }
  return out;
}

}  // namespace

void ContextView::report(const ResourceView& object, const py::object& at, const py::object& path, std::string message,
                         const py::object& fix, const py::object& severity) const {
  Context& ctx = get();
  const Resource& r = object.get();
  Value node;
  if (py::isinstance<ContainerView>(at)) {
    const auto& c = at.cast<const ContainerView&>();
    if (c.tree != r.source().tree) throw py::value_error("`at` must be a node of the reported resource");
    node = c.node;
  } else if (py::isinstance<ValueView>(at)) {
    const auto& v = at.cast<const ValueView&>();
    if (v.value && v.value.tree() != r.source().tree.get()) {
      throw py::value_error("`at` must be a node of the reported resource");
    }
    node = v.value;
  } else if (!at.is_none()) {
    throw py::type_error("`at` must be a Value, a Container or None (the object itself)");
  }
  Fix patch;
  if (!fix.is_none()) {
    py::object dumps = py::module_::import("json").attr("dumps");
    for (py::handle op : fix) {
      if (!py::isinstance<py::dict>(op)) throw py::type_error("a fix is a list of JSON-patch dicts {op, path, value}");
      auto d = py::reinterpret_borrow<py::dict>(op);
      PatchOperation p;
      p.op = py::str(d["op"]).cast<std::string>();
      p.path = py::str(d["path"]).cast<std::string>();
      if (d.contains("value")) p.value = dumps(d["value"]).cast<std::string>();
      patch.push_back(std::move(p));
    }
  }
  std::optional<Severity> sev;
  if (!severity.is_none()) sev = severity_of(severity);
  ctx.report(r, node, field_path(path), std::move(message), std::move(patch), sev);
}

void bind_context(py::module_& m) {
  py::class_<RunSettings>(m, "RunSettings", "Run-wide settings a rule may need.")
      .def_readonly("default_namespace", &RunSettings::default_namespace)
      .def_property_readonly("kubernetes_version", [](const RunSettings& s) { return s.kubernetes_version.str(); });

  py::class_<IndexView>(m, "Index",
                        "Look-ups over the objects of the run (valid while the run lasts). Look-ups by namespace "
                        "take the application to look in (Resource.application of the object being checked; "
                        "0 is the run-wide one); the others use the application of the object they are given.")
      .def(
          "all",
          [](const IndexView& i) {
            std::vector<ResourceView> out;
            for (const Resource& r : i.get().all()) out.push_back(ResourceView{&r, i.lease});
            return out;
          },
          "Every object of the run, in run order.")
      .def(
          "of_kind",
          [](const IndexView& i, const std::string& kind, const std::optional<std::string>& ns,
             std::uint32_t application) {
            return wrap_all(ns ? i.get().of_kind(kind, *ns, application) : i.get().of_kind(kind), i.lease);
          },
          py::arg("kind"), py::arg("namespace") = py::none(), py::arg("application") = 0,
          "Objects of a kind: with a namespace, those of one application; without, every one of the run.")
      .def(
          "workloads",
          [](const IndexView& i, const std::string& ns, std::uint32_t application) {
            return wrap_all(i.get().workloads(ns, application), i.lease);
          },
          py::arg("namespace"), py::arg("application") = 0)
      .def("workload_namespaces",
           [](const IndexView& i) {
             std::vector<std::string> out;
             for (auto ns : i.get().workload_namespaces()) out.emplace_back(ns);
             return out;
           })
      .def(
          "find",
          [](const IndexView& i, const std::string& kind, const std::string& ns, const std::string& name,
             std::uint32_t application) -> std::optional<ResourceView> {
            const Resource* r = i.get().find(kind, ns, name, application);
            if (!r) return std::nullopt;
            return ResourceView{r, i.lease};
          },
          py::arg("kind"), py::arg("namespace"), py::arg("name"), py::arg("application") = 0)
      .def(
          "same_object",
          [](const IndexView& i, const ResourceView& r) { return wrap_all(i.get().same_object(r.get()), i.lease); },
          py::arg("resource"))
      .def(
          "select",
          [](const IndexView& i, const ValueView& selector, const std::string& ns, std::uint32_t application) {
            std::string error;
            auto parsed = LabelSelector::parse(selector.value, &error);
            if (!parsed) throw py::value_error("bad label selector: " + error);
            std::vector<ResourceView> out;
            for (const Resource* r : i.get().select(*parsed, ns, application)) {
              out.push_back(ResourceView{r, i.lease});
            }
            return out;
          },
          py::arg("selector"), py::arg("namespace"), py::arg("application") = 0,
          "Workloads of an application that a LabelSelector value matches in a namespace.")
      .def(
          "selected_by",
          [](const IndexView& i, const ResourceView& r) { return wrap_all(i.get().selected_by(r.get()), i.lease); },
          py::arg("selecting"))
      .def(
          "selecting",
          [](const IndexView& i, const ResourceView& r, const std::string& kind) {
            return wrap_all(i.get().selecting(r.get(), kind), i.lease);
          },
          py::arg("workload"), py::arg("kind"))
      .def(
          "targeting",
          [](const IndexView& i, const ResourceView& r, const std::string& kind) {
            return wrap_all(i.get().targeting(r.get(), kind), i.lease);
          },
          py::arg("target"), py::arg("kind"))
      .def(
          "target_of",
          [](const IndexView& i, const ResourceView& r) -> std::optional<ResourceView> {
            const Resource* t = i.get().target_of(r.get());
            if (!t) return std::nullopt;
            return ResourceView{t, i.lease};
          },
          py::arg("autoscaler"))
      .def(
          "effective_replicas",
          [](const IndexView& i, const ResourceView& r) { return i.get().effective_replicas(r.get()); },
          py::arg("workload"));

  py::class_<ContextView>(m, "Context", "What a rule sees while it checks: the Index, the settings, and report().")
      .def_property_readonly("index",
                             [](const ContextView& c) {
                               return IndexView{&c.get().index(), c.run_lease};
                             })
      .def_property_readonly("settings", [](const ContextView& c) { return c.get().settings(); })
      .def_property_readonly(
          "rule", [](const ContextView& c) { return c.get().rule().id; }, "Id of the running rule.")
      .def("report", &ContextView::report, py::arg("resource"), py::arg("at"), py::arg("path"), py::arg("message"),
           py::arg("fix") = py::none(), py::arg("severity") = py::none(),
           "Reports a finding on resource. `at` is the offending node (a Value or a Container; None for the "
           "object itself); `path` the field path (dotted text or a list of keys and indexes); `fix` a list "
           "of JSON-patch dicts; `severity` overrides the rule's default.");
}

}  // namespace shipshape::python
