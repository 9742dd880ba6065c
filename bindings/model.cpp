// shipshape._core: the document tree and the Resource model, as Python rules see them.
#include <pybind11/stl.h>

#include <optional>

#include "core.hpp"

namespace shipshape::python {

namespace {

std::string_view node_kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::null:
      return "null";
    case NodeKind::scalar:
      return "scalar";
    case NodeKind::sequence:
      return "sequence";
    case NodeKind::mapping:
      return "mapping";
  }
  return "null";
}

std::string_view scalar_type_name(ScalarType t) {
  switch (t) {
    case ScalarType::null:
      return "null";
    case ScalarType::boolean:
      return "boolean";
    case ScalarType::integer:
      return "integer";
    case ScalarType::floating:
      return "floating";
    case ScalarType::string:
      return "string";
  }
  return "null";
}

}  // namespace

ValueView wrap(const std::shared_ptr<const Tree>& tree, Value v) { return {tree, v}; }

ContainerView wrap(const std::shared_ptr<const Tree>& tree, const Container& c) {
  const char* kind = c.kind() == ContainerKind::regular   ? "regular"
                     : c.kind() == ContainerKind::sidecar ? "sidecar"
                                                          : "init";
  return {tree, c.node(), kind, c.index(), std::string(c.list_name()), c.path().str(), c.describe()};
}

std::vector<ResourceView> wrap_all(Span<const Resource* const> rs, const LeasePtr& lease) {
  std::vector<ResourceView> out;
  out.reserve(rs.size());
  for (const Resource* r : rs) out.push_back(ResourceView{r, lease});
  return out;
}

/// The value as plain Python data: dict, list, str, int, float, bool or None.
py::object to_python(Value v) {
  if (!v || v.is_null()) return py::none();
  if (v.is_mapping()) {
    py::dict d;
    for (const Entry e : v.entries()) d[py::str(std::string(e.key.str()))] = to_python(e.value);
    return d;
  }
  if (v.is_sequence()) {
    py::list l;
    for (Value item : v.items()) l.append(to_python(item));
    return l;
  }
  switch (v.scalar_type()) {
    case ScalarType::null:
      return py::none();
    case ScalarType::boolean:
      return py::bool_(v.is_true());
    case ScalarType::integer:
      if (auto i = v.as_int()) return py::int_(*i);
      break;
    case ScalarType::floating:
      if (auto d = v.as_double()) return py::float_(*d);
      break;
    case ScalarType::string:
      break;
  }
  return py::str(std::string(v.str()));
}

Severity severity_of(const py::handle& s) {
  const auto text = py::str(s).cast<std::string>();
  auto parsed = parse_severity(text);
  if (!parsed) throw py::value_error("severity must be \"error\", \"warning\" or \"info\", not \"" + text + "\"");
  return *parsed;
}

namespace {

/// Quantity and Value: the document tree.
void bind_values(py::module_& m) {
  py::class_<Quantity>(m, "Quantity", "An exact Kubernetes quantity such as 500m or 1Gi.")
      .def_static("parse", &Quantity::parse, py::arg("text"), "Parses a quantity; None when the text is not one.")
      .def_property_readonly("milli", &Quantity::milli, "Value in milli-units, rounded up.")
      .def_property_readonly("units", &Quantity::units, "Value in whole units, rounded up.")
      .def("to_float", &Quantity::to_double, "Value as a float.")
      .def_property_readonly("is_zero", &Quantity::is_zero)
      .def_property_readonly("negative", &Quantity::negative)
      .def("__str__", &Quantity::str)
      .def("__repr__", [](const Quantity& q) { return "Quantity('" + q.str() + "')"; })
      .def(
          "__eq__",
          [](const Quantity& a, const py::object& b) -> py::object {
            if (!py::isinstance<Quantity>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::bool_(a == b.cast<const Quantity&>());
          },
          py::arg("other"))
      .def(
          "__lt__", [](const Quantity& a, const Quantity& b) { return a < b; }, py::is_operator())
      .def(
          "__le__", [](const Quantity& a, const Quantity& b) { return a <= b; }, py::is_operator())
      .def(
          "__gt__", [](const Quantity& a, const Quantity& b) { return a > b; }, py::is_operator())
      .def(
          "__ge__", [](const Quantity& a, const Quantity& b) { return a >= b; }, py::is_operator())
      .def("__hash__", [](const Quantity& q) { return py::hash(py::str(q.str())); });

  py::class_<ValueView>(m, "Value",
                        "A read-only node of a parsed document. Look-ups never raise: a missing key or an "
                        "index out of range gives an absent Value (falsy).")
      .def(
          "__bool__", [](const ValueView& v) { return static_cast<bool>(v.value); }, "True when the value exists.")
      .def_property_readonly("exists", [](const ValueView& v) { return static_cast<bool>(v.value); })
      .def_property_readonly(
          "kind", [](const ValueView& v) { return std::string(node_kind_name(v.value.kind())); },
          "null, scalar, sequence or mapping (null also for an absent value).")
      .def_property_readonly("is_null", [](const ValueView& v) { return v.value.is_null(); })
      .def_property_readonly("is_scalar", [](const ValueView& v) { return v.value.is_scalar(); })
      .def_property_readonly("is_sequence", [](const ValueView& v) { return v.value.is_sequence(); })
      .def_property_readonly("is_mapping", [](const ValueView& v) { return v.value.is_mapping(); })
      .def_property_readonly(
          "text", [](const ValueView& v) { return std::string(v.value.str()); },
          "The text of a scalar, whatever its type ('' for anything else).")
      .def_property_readonly(
          "string", [](const ValueView& v) { return std::string(v.value.string()); },
          "The text of a scalar that resolves to a string ('' otherwise).")
      .def_property_readonly(
          "scalar_type", [](const ValueView& v) { return std::string(scalar_type_name(v.value.scalar_type())); },
          "null, boolean, integer, floating or string.")
      .def("as_bool", [](const ValueView& v) { return v.value.as_bool(); })
      .def("as_int", [](const ValueView& v) { return v.value.as_int(); })
      .def("as_float", [](const ValueView& v) { return v.value.as_double(); })
      .def("is_true", [](const ValueView& v) { return v.value.is_true(); })
      .def("is_false", [](const ValueView& v) { return v.value.is_false(); })
      .def(
          "equals", [](const ValueView& v, const std::string& s) { return v.value.equals(s); }, py::arg("text"),
          "True for a scalar whose text is `text`, whatever its style.")
      .def("__len__", [](const ValueView& v) { return v.value.size(); })
      .def(
          "__getitem__", [](const ValueView& v, const std::string& key) { return wrap(v.tree, v.value[key]); },
          py::arg("key"))
      .def(
          "__getitem__",
          [](const ValueView& v, std::int64_t i) {
            const auto size = static_cast<std::int64_t>(v.value.size());
            if (i < 0) i += size;
            return wrap(v.tree, i < 0 ? Value{} : v.value[static_cast<std::size_t>(i)]);
          },
          py::arg("index"))
      .def(
          "get",
          [](const ValueView& v, const std::string& key, py::object fallback) -> py::object {
            Value child = v.value[key];
            return child ? py::cast(wrap(v.tree, child)) : fallback;
          },
          py::arg("key"), py::arg("default") = py::none(), "The value at key, or default when it is missing.")
      .def(
          "__contains__",
          [](const ValueView& v, const std::string& key) { return static_cast<bool>(v.value.key_node(key)); },
          py::arg("key"))
      .def("keys",
           [](const ValueView& v) {
             std::vector<std::string> out;
             for (const Entry e : v.value.entries()) out.emplace_back(e.key.str());
             return out;
           })
      .def(
          "values",
          [](const ValueView& v) {
            std::vector<ValueView> out;
            if (v.value.is_mapping()) {
              for (const Entry e : v.value.entries()) out.push_back(wrap(v.tree, e.value));
            } else {
              for (Value item : v.value.items()) out.push_back(wrap(v.tree, item));
            }
            return out;
          },
          "Values of a mapping, or items of a sequence.")
      .def(
          "items",
          [](const ValueView& v) {
            std::vector<std::pair<std::string, ValueView>> out;
            for (const Entry e : v.value.entries()) out.emplace_back(std::string(e.key.str()), wrap(v.tree, e.value));
            return out;
          },
          "(key, Value) pairs of a mapping.")
      .def(
          "__iter__",
          [](const ValueView& v) -> py::iterator {
            py::list out;
            if (v.value.is_mapping()) {
              for (const Entry e : v.value.entries()) out.append(std::string(e.key.str()));
            } else {
              for (Value item : v.value.items()) out.append(wrap(v.tree, item));
            }
            return py::iter(out);
          },
          "Keys of a mapping (like a dict), items of a sequence.")
      .def(
          "key_node", [](const ValueView& v, const std::string& key) { return wrap(v.tree, v.value.key_node(key)); },
          py::arg("key"), "The key of a mapping entry, to point a finding at `key:`.")
      .def(
          "same_node", [](const ValueView& a, const ValueView& b) { return a.value.same_node(b.value); },
          py::arg("other"))
      .def_property_readonly("line", [](const ValueView& v) { return v.value.position().line; })
      .def_property_readonly("column", [](const ValueView& v) { return v.value.position().column; })
      .def_property_readonly(
          "file", [](const ValueView& v) { return v.value.source() ? v.value.source()->name() : std::string{}; })
      .def(
          "to_python", [](const ValueView& v) { return to_python(v.value); },
          "The value as plain Python data (dict, list, str, int, float, bool, None).")
      .def("__repr__", [](const ValueView& v) {
        if (!v.value) return std::string("<Value absent>");
        const auto p = v.value.position();
        std::string head = v.value.is_scalar() ? "scalar " + std::string(v.value.str()).substr(0, 40)
                                               : std::string(node_kind_name(v.value.kind()));
        return "<Value " + head + " at " + v.value.source()->name() + ":" + std::to_string(p.line) + ":" +
               std::to_string(p.column) + ">";
      });
}

/// Container, PodTemplate, ObjectRef and Resource: one object of a run.
void bind_resources(py::module_& m) {
  py::class_<ContainerView>(m, "Container", "A container entry of a workload's pod spec.")
      .def_property_readonly("node", [](const ContainerView& c) { return wrap(c.tree, c.node); })
      .def_property_readonly("name", [](const ContainerView& c) { return std::string(c.node["name"].str()); })
      .def_property_readonly(
          "kind", [](const ContainerView& c) { return c.kind; }, "regular, sidecar or init.")
      .def_property_readonly("is_long_lived", [](const ContainerView& c) { return c.kind != "init"; })
      .def_property_readonly("list_name", [](const ContainerView& c) { return c.list_name; })
      .def_property_readonly("index", [](const ContainerView& c) { return c.index; })
      .def_property_readonly(
          "path", [](const ContainerView& c) { return c.path; },
          "Field path of the entry, e.g. spec.template.spec.containers[1].")
      .def(
          "describe", [](const ContainerView& c) { return c.description; }, "container \"web\", for messages.")
      .def("__getitem__", [](const ContainerView& c, const std::string& key) { return wrap(c.tree, c.node[key]); })
      .def("__repr__", [](const ContainerView& c) { return "<Container " + c.description + ">"; });

  py::class_<PodTemplateView>(m, "PodTemplate", "The pod template of a workload (a Pod's own metadata and spec).")
      .def_property_readonly("metadata", [](const PodTemplateView& p) { return wrap(p.tree, p.metadata); })
      .def_property_readonly("spec", [](const PodTemplateView& p) { return wrap(p.tree, p.spec); })
      .def_property_readonly("labels", [](const PodTemplateView& p) { return wrap(p.tree, p.metadata["labels"]); })
      .def_property_readonly("spec_path", [](const PodTemplateView& p) { return p.spec_path; })
      .def_property_readonly("metadata_path", [](const PodTemplateView& p) { return p.metadata_path; });

  py::class_<ObjectRef>(m, "ObjectRef")
      .def_readonly("api_version", &ObjectRef::api_version)
      .def_readonly("kind", &ObjectRef::kind)
      .def_readonly("namespace", &ObjectRef::ns)
      .def_readonly("name", &ObjectRef::name);

  py::class_<ResourceView>(m, "Resource", "One Kubernetes object of the run in progress (valid while the rule runs).")
      .def_property_readonly("api_version", [](const ResourceView& r) { return std::string(r.get().api_version()); })
      .def_property_readonly("group", [](const ResourceView& r) { return std::string(r.get().group()); })
      .def_property_readonly("version", [](const ResourceView& r) { return std::string(r.get().version()); })
      .def_property_readonly("kind", [](const ResourceView& r) { return std::string(r.get().kind()); })
      .def_property_readonly("name", [](const ResourceView& r) { return std::string(r.get().name()); })
      .def_property_readonly(
          "namespace", [](const ResourceView& r) { return std::string(r.get().ns()); },
          "Effective namespace ('' for cluster-scoped kinds).")
      .def_property_readonly("namespaced", [](const ResourceView& r) { return r.get().namespaced(); })
      .def_property_readonly("id", [](const ResourceView& r) { return r.get().id(); })
      .def(
          "display", [](const ResourceView& r) { return r.get().display(); }, "`Deployment shop/web`, for messages.")
      .def_property_readonly("root", [](const ResourceView& r) { return r.value(r.get().root()); })
      .def_property_readonly("metadata", [](const ResourceView& r) { return r.value(r.get().metadata()); })
      .def_property_readonly("spec", [](const ResourceView& r) { return r.value(r.get().spec()); })
      .def_property_readonly("labels", [](const ResourceView& r) { return r.value(r.get().labels()); })
      .def_property_readonly("annotations", [](const ResourceView& r) { return r.value(r.get().annotations()); })
      .def(
          "label", [](const ResourceView& r, const std::string& k) { return std::string(r.get().label(k)); },
          py::arg("key"))
      .def(
          "annotation", [](const ResourceView& r, const std::string& k) { return std::string(r.get().annotation(k)); },
          py::arg("key"))
      .def("__getitem__", [](const ResourceView& r, const std::string& key) { return r.value(r.get().root()[key]); })
      .def_property_readonly("file", [](const ResourceView& r) { return r.get().source().file(); })
      .def_property_readonly("document", [](const ResourceView& r) { return r.get().source().document; })
      .def_property_readonly(
          "application", [](const ResourceView& r) { return r.get().application(); },
          "The application the object belongs to (0: run-wide); see docs/applications.md.")
      .def_property_readonly("helm_source",
                             [](const ResourceView& r) { return std::string(r.get().source().helm_source); })
      .def_property_readonly("is_workload", [](const ResourceView& r) { return r.get().is_workload(); })
      .def_property_readonly("is_long_running", [](const ResourceView& r) { return r.get().is_long_running(); })
      .def_property_readonly(
          "pod",
          [](const ResourceView& r) -> std::optional<PodTemplateView> {
            const Resource& res = r.get();
            if (!res.is_workload()) return std::nullopt;
            const PodTemplate& p = res.pod();
            return PodTemplateView{r.tree(), p.metadata, p.spec, std::string(p.spec_path), p.metadata_path().str()};
          },
          "The pod template, or None for objects that are not workloads.")
      .def_property_readonly("pod_labels", [](const ResourceView& r) { return r.value(r.get().pod_labels()); })
      .def_property_readonly(
          "containers",
          [](const ResourceView& r) {
            std::vector<ContainerView> out;
            for (const Container& c : r.get().containers()) out.push_back(wrap(r.tree(), c));
            return out;
          },
          "Regular containers and sidecars.")
      .def_property_readonly(
          "all_containers",
          [](const ResourceView& r) {
            std::vector<ContainerView> out;
            for (const Container& c : r.get().all_containers()) out.push_back(wrap(r.tree(), c));
            return out;
          },
          "Regular containers, sidecars and init containers.")
      .def(
          "ignores", [](const ResourceView& r, const std::string& rule) { return r.get().ignores(rule); },
          py::arg("rule"))
      .def_property_readonly("ref", [](const ResourceView& r) { return r.get().ref(); })
      .def(
          "to_python", [](const ResourceView& r) { return to_python(r.get().root()); }, "The object as a dict.")
      .def(
          "same_object", [](const ResourceView& a, const ResourceView& b) { return &a.get() == &b.get(); },
          py::arg("other"))
      .def("__repr__", [](const ResourceView& r) {
        if (!r.lease->live) return std::string("<Resource (expired)>");
        return "<Resource " + r.get().display() + ">";
      });
}

}  // namespace

void bind_model(py::module_& m) {
  bind_values(m);
  bind_resources(m);
  bind_context(m);
}

}  // namespace shipshape::python
