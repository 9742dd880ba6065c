// shipshape._core: reports, as rows for the Python Report and as the writers' text.
#include <pybind11/stl.h>

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core.hpp"

namespace shipshape::python {

namespace {

py::tuple object_tuple(const ObjectRef& o) {
  if (o.kind.empty()) return py::tuple();
  return py::make_tuple(o.api_version, o.kind, o.ns, o.name);
}

}  // namespace

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

namespace {

// Pickle state: a version, then every field of the Report as plain tuples, lists and strings.
constexpr int kStateVersion = 1;

ObjectRef object_from(const py::handle& h) {
  const auto t = h.cast<py::tuple>();
  if (t.empty()) return {};
  if (t.size() != 4) throw std::invalid_argument("report state: an object is (api_version, kind, namespace, name)");
  return {t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::string>(), t[3].cast<std::string>()};
}

std::vector<Finding> findings_from(const py::handle& rows) {
  std::vector<Finding> out;
  for (const py::handle row : rows) {
    const auto t = row.cast<py::tuple>();
    if (t.size() != 12) throw std::invalid_argument("report state: a finding has 12 fields");
    Finding f;
    f.rule = t[0].cast<std::string>();
    f.severity = severity_of(t[1]);
    f.message = t[2].cast<std::string>();
    f.file = t[3].cast<std::string>();
    f.line = t[4].cast<std::uint32_t>();
    f.column = t[5].cast<std::uint32_t>();
    f.document = t[6].cast<std::uint32_t>();
    f.path = t[7].cast<std::string>();
    f.helm_source = t[8].cast<std::string>();
    f.object = object_from(t[9]);
    for (const py::handle p : t[10]) {
      const auto [op, path, value] = p.cast<std::tuple<std::string, std::string, std::string>>();
      f.fix.push_back({op, path, value});
    }
    f.object_pointer = t[11].cast<std::string>();
    out.push_back(std::move(f));
  }
  return out;
}

OptionType option_type_of(const std::string& name) {
  for (auto t : {OptionType::boolean, OptionType::integer, OptionType::number, OptionType::string,
                 OptionType::string_list, OptionType::quantity})
    if (to_string(t) == name) return t;
  throw std::invalid_argument("report state: unknown option type \"" + name + "\"");
}

py::tuple rule_state(const RuleInfo& r) {
  py::list options;
  for (const OptionInfo& o : r.options)
    options.append(py::make_tuple(o.name, std::string(to_string(o.type)), o.default_value, o.description));
  return py::make_tuple(r.id, r.section, r.group, std::string(to_string(r.severity)), r.enabled, r.summary,
                        r.applies_to, r.rationale, r.remediation, r.bad_example, r.good_example, options, r.notes,
                        r.example_config);
}

RuleInfo rule_from(const py::handle& h) {
  const auto t = h.cast<py::tuple>();
  if (t.size() != 14) throw std::invalid_argument("report state: a rule has 14 fields");
  RuleInfo r;
  r.id = t[0].cast<std::string>();
  r.section = t[1].cast<std::string>();
  r.group = t[2].cast<std::string>();
  r.severity = severity_of(t[3]);
  r.enabled = t[4].cast<bool>();
  r.summary = t[5].cast<std::string>();
  r.applies_to = t[6].cast<std::string>();
  r.rationale = t[7].cast<std::string>();
  r.remediation = t[8].cast<std::string>();
  r.bad_example = t[9].cast<std::string>();
  r.good_example = t[10].cast<std::string>();
  for (const py::handle o : t[11]) {
    const auto [name, type, default_value, description] =
        o.cast<std::tuple<std::string, std::string, std::string, std::string>>();
    r.options.push_back({name, option_type_of(type), default_value, description});
  }
  r.notes = t[12].cast<std::string>();
  r.example_config = t[13].cast<std::string>();
  return r;
}

py::tuple report_state(const Report& r) {
  const Summary& s = r.summary;
  const py::tuple summary =
      py::make_tuple(s.files, s.documents, s.objects, s.skipped_documents, s.controlled, s.objects_without_schema,
                     s.by_severity[0], s.by_severity[1], s.by_severity[2], s.suppressed, s.rules_run, s.bytes);
  py::list errors;
  for (const InputError& e : r.errors) errors.append(py::make_tuple(e.path, e.message, e.rule, e.object));
  py::list rules;
  for (const RuleInfo& info : r.rules) rules.append(rule_state(info));
  py::list objects;
  for (const ObjectSummary& o : r.objects)
    objects.append(py::make_tuple(object_tuple(o.ref), o.file, o.document, o.line, o.labels));
  return py::make_tuple(kStateVersion, finding_rows(r.findings), finding_rows(r.suppressed), errors, summary, rules,
                        objects);
}

Report report_from(const py::tuple& state) {
  if (state.size() != 7 || state[0].cast<int>() != kStateVersion)
    throw std::invalid_argument("report state: not a report pickled by this version of shipshape");
  Report r;
  r.findings = findings_from(state[1]);
  r.suppressed = findings_from(state[2]);
  for (const py::handle e : state[3]) {
    auto [path, message, rule, object] = e.cast<std::tuple<std::string, std::string, std::string, std::string>>();
    r.errors.push_back({std::move(path), std::move(message), std::move(rule), std::move(object)});
  }
  const auto s = state[4].cast<py::tuple>();
  if (s.size() != 12) throw std::invalid_argument("report state: the summary has 12 counts");
  Summary& summary = r.summary;
  summary.files = s[0].cast<std::uint32_t>();
  summary.documents = s[1].cast<std::uint32_t>();
  summary.objects = s[2].cast<std::uint32_t>();
  summary.skipped_documents = s[3].cast<std::uint32_t>();
  summary.controlled = s[4].cast<std::uint32_t>();
  summary.objects_without_schema = s[5].cast<std::uint32_t>();
  for (std::size_t i = 0; i < 3; ++i) summary.by_severity[i] = s[6 + i].cast<std::uint32_t>();
  summary.suppressed = s[9].cast<std::uint32_t>();
  summary.rules_run = s[10].cast<std::uint32_t>();
  summary.bytes = s[11].cast<std::uint64_t>();
  for (const py::handle info : state[5]) r.rules.push_back(rule_from(info));
  for (const py::handle o : state[6]) {
    const auto t = o.cast<py::tuple>();
    if (t.size() != 5) throw std::invalid_argument("report state: an object summary has 5 fields");
    ObjectSummary summary_of_object;
    summary_of_object.ref = object_from(t[0]);
    summary_of_object.file = t[1].cast<std::string>();
    summary_of_object.document = t[2].cast<std::uint32_t>();
    summary_of_object.line = t[3].cast<std::uint32_t>();
    summary_of_object.labels = t[4].cast<std::vector<std::pair<std::string, std::string>>>();
    r.objects.push_back(std::move(summary_of_object));
  }
  return r;
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
            if (in[i].rule == f.rule && in[i].line == f.line && in[i].column == f.column && in[i].fix == f.fix)
              return i;
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
  m.def("unified_diff", &unified_diff, py::arg("before"), py::arg("after"), py::arg("from_name"), py::arg("to_name"),
        "A unified diff of two texts; empty when they are equal.");
  py::class_<Report>(m, "Report")
      .def(py::pickle([](const Report& r) { return report_state(r); },
                      [](const py::tuple& state) { return report_from(state); }))
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
      .def(
          "to_sarif",
          [](const Report& r, const std::string& docs_url) {
            return written([&](std::ostream& out) { write_sarif(r, out, {docs_url}); });
          },
          py::arg("docs_url") = "")
      .def(
          "to_junit",
          [](const Report& r, const std::optional<std::string>& fail_on, double seconds) {
            JunitOptions options;
            options.fail_on = fail_on ? std::optional<Severity>(severity_of(py::str(*fail_on))) : std::nullopt;
            options.seconds = seconds;
            return written([&](std::ostream& out) { write_junit(r, out, options); });
          },
          py::arg("fail_on") = "info", py::arg("seconds") = 0.0)
      .def("to_github", [](const Report& r) { return written([&](std::ostream& out) { write_github(r, out); }); })
      .def("to_gitlab", [](const Report& r) { return written([&](std::ostream& out) { write_gitlab(r, out); }); })
      .def("to_baseline", [](const Report& r) { return written([&](std::ostream& out) { write_baseline(r, out); }); })
      .def(
          "to_text",
          [](const Report& r, bool color, bool show_suppressed) {
            return written(
                [&](std::ostream& out) { write_text(r, out, {.color = color, .show_suppressed = show_suppressed}); });
          },
          py::arg("color") = false, py::arg("show_suppressed") = false);
}

}  // namespace shipshape::python
