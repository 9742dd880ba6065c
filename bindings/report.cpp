// shipshape._core: reports, as rows for the Python Report and as the writers' text.
#include <pybind11/stl.h>

#include <sstream>
#include <tuple>

#include "core.hpp"

namespace shipshape::python {

namespace {

py::tuple object_tuple(const ObjectRef& o) {
  if (o.kind.empty()) return py::tuple();
  return py::make_tuple(o.api_version, o.kind, o.ns, o.name);
}

py::list finding_rows(const std::vector<Finding>& findings) {
  py::list rows;
  for (const Finding& f : findings) {
    py::list fix;
    for (const PatchOperation& p : f.fix) fix.append(py::make_tuple(p.op, p.path, p.value));
    rows.append(py::make_tuple(f.rule, std::string(to_string(f.severity)), f.message, f.file, f.line, f.column,
                               f.document, f.path, f.helm_source, object_tuple(f.object), fix, f.object_pointer));
  }
  return rows;
}

template <typename Write>
std::string written(Write&& write) {
  std::ostringstream out;
  write(out);
  return out.str();
}

}  // namespace

void bind_report(py::module_& m) {
  py::class_<Report>(m, "Report")
      .def("finding_rows", [](const Report& r) { return finding_rows(r.findings); })
      .def("suppressed_rows", [](const Report& r) { return finding_rows(r.suppressed); })
      .def_property_readonly(
          "errors",
          [](const Report& r) {
            std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
            for (const auto& e : r.errors) out.emplace_back(e.path, e.message, e.rule, e.object);
            return out;
          },
          "(path, message, rule, object) of each input that could not be read or rule that failed.")
      .def_readonly("rules", &Report::rules)
      .def("object_rows",
           [](const Report& r) {
             py::list rows;
             for (const ObjectSummary& o : r.objects) {
               py::dict labels;
               for (const auto& [k, v] : o.labels) labels[py::str(k)] = v;
               rows.append(py::make_tuple(object_tuple(o.ref), o.file, o.document, o.line, labels));
             }
             return rows;
           })
      .def_property_readonly("summary",
                             [](const Report& r) {
                               const Summary& s = r.summary;
                               py::dict d;
                               d["files"] = s.files;
                               d["documents"] = s.documents;
                               d["objects"] = s.objects;
                               d["skipped_documents"] = s.skipped_documents;
                               d["controlled_objects"] = s.controlled;
                               d["objects_without_schema"] = s.objects_without_schema;
                               d["rules_run"] = s.rules_run;
                               d["findings"] = s.findings();
                               d["error"] = s.by_severity[2];
                               d["warning"] = s.by_severity[1];
                               d["info"] = s.by_severity[0];
                               d["suppressed"] = s.suppressed;
                               d["errors"] = r.errors.size();
                               return d;
                             })
      .def(
          "to_json",
          [](const Report& r, bool include_suppressed) {
            return written([&](std::ostream& out) { write_json(r, out, include_suppressed); });
          },
          py::arg("include_suppressed") = false)
      .def("to_sarif", [](const Report& r) { return written([&](std::ostream& out) { write_sarif(r, out); }); })
      .def("to_junit", [](const Report& r) { return written([&](std::ostream& out) { write_junit(r, out); }); })
      .def(
          "to_text",
          [](const Report& r, bool color, bool show_suppressed) {
            return written(
                [&](std::ostream& out) { write_text(r, out, {.color = color, .show_suppressed = show_suppressed}); });
          },
          py::arg("color") = false, py::arg("show_suppressed") = false);
}

}  // namespace shipshape::python
