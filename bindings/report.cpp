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
  m.def(
      "apply_fixes",
      [](const std::string& text, const std::string& name, const py::list& findings) {
        // Each finding: (rule, file, line, column, document, object_pointer, [(op, path, value JSON)]).
        std::vector<Finding> in;
        for (py::handle h : findings) {
          const auto t = h.cast<py::tuple>();
          Finding f;
          f.rule = t[0].cast<std::string>();
          f.file = t[1].cast<std::string>();
          f.line = t[2].cast<std::uint32_t>();
          f.column = t[3].cast<std::uint32_t>();
          f.document = t[4].cast<std::uint32_t>();
          f.object_pointer = t[5].cast<std::string>();
          for (py::handle op : t[6]) {
            const auto o = op.cast<py::tuple>();
            f.fix.push_back({o[0].cast<std::string>(), o[1].cast<std::string>(), o[2].cast<std::string>()});
          }
          in.push_back(std::move(f));
        }
        FixResult r;
        {
          py::gil_scoped_release release;
          r = apply_fixes(text, name, in);
        }
        // Which inputs were applied and which refused, by position in `findings`.
        const auto position = [&](const Finding& f) {
          for (std::size_t i = 0; i < in.size(); ++i) {
            if (in[i].rule == f.rule && in[i].line == f.line && in[i].column == f.column && in[i].fix == f.fix) return i;
          }
          return in.size();
        };
        std::vector<std::size_t> applied;
        for (const Finding& f : r.applied) applied.push_back(position(f));
        std::vector<std::pair<std::size_t, std::string>> refused;
        for (const RefusedFix& x : r.refused) refused.emplace_back(position(x.finding), x.reason);
        return py::make_tuple(r.text, applied, refused, r.error);
      },
      py::arg("text"), py::arg("name"), py::arg("findings"),
      "Applies the fixes of the findings to the text (see shipshape::apply_fixes): returns (text, indexes "
      "applied, [(index, reason)] refused, error of the whole text or '').");
  m.def("unified_diff", &unified_diff, py::arg("before"), py::arg("after"), py::arg("from_name"),
        py::arg("to_name"), "A unified diff of two texts; empty when they are equal.");
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
