// shipshape._core: a thin pybind11 layer over the C++ engine. Pythonic wrappers live in
// python/shipshape; nothing here decides what is a finding.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sstream>

#include "cli/cli.hpp"
#include "shipshape/shipshape.hpp"

namespace py = pybind11;
using namespace shipshape;

namespace {

Report run_check(const std::vector<std::string>& paths, const std::vector<std::pair<std::string, std::string>>& texts,
                 const std::optional<std::string>& config_file, const std::optional<std::string>& config_text,
                 const std::vector<std::string>& enable, const std::vector<std::string>& disable,
                 const std::vector<std::string>& only, const std::optional<std::string>& ns,
                 const std::optional<std::string>& kubernetes_version, unsigned jobs) {
  Config config;
  if (config_file) config = Config::load(*config_file);
  if (config_text) config = Config::parse(*config_text, "<config>");
  if (ns) config.default_namespace = *ns;
  if (kubernetes_version) {
    auto v = KubernetesVersion::parse(*kubernetes_version);
    if (!v) throw ConfigError("\"" + *kubernetes_version + "\" is not a Kubernetes version such as 1.31");
    config.kubernetes_version = *v;
  }
  config.enable = enable;
  config.disable = disable;
  config.only = only;
  std::vector<TextInput> inputs;
  for (const auto& [name, text] : texts) inputs.push_back({name, text, format_for(name)});
  py::gil_scoped_release release;  // the engine runs without the GIL
  Engine engine(std::move(config));
  engine.set_jobs(jobs);
  return engine.check(paths, std::move(inputs));
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled core of shipshape (private: use the shipshape package)";
  m.attr("__version__") = kVersion;

  py::register_exception<ConfigError>(m, "ConfigError", PyExc_ValueError);

  py::enum_<Severity>(m, "Severity")
      .value("info", Severity::info)
      .value("warning", Severity::warning)
      .value("error", Severity::error);

  py::class_<ObjectRef>(m, "ObjectRef")
      .def_readonly("api_version", &ObjectRef::api_version)
      .def_readonly("kind", &ObjectRef::kind)
      .def_readonly("namespace", &ObjectRef::ns)
      .def_readonly("name", &ObjectRef::name);

  py::class_<PatchOperation>(m, "PatchOperation")
      .def_readonly("op", &PatchOperation::op)
      .def_readonly("path", &PatchOperation::path)
      .def_readonly("value", &PatchOperation::value);

  py::class_<Finding>(m, "Finding")
      .def_readonly("rule", &Finding::rule)
      .def_property_readonly("severity", [](const Finding& f) { return std::string(to_string(f.severity)); })
      .def_readonly("message", &Finding::message)
      .def_readonly("object", &Finding::object)
      .def_readonly("file", &Finding::file)
      .def_readonly("line", &Finding::line)
      .def_readonly("column", &Finding::column)
      .def_readonly("document", &Finding::document)
      .def_readonly("path", &Finding::path)
      .def_readonly("helm_source", &Finding::helm_source)
      .def_readonly("fix", &Finding::fix)
      .def("to_json", &finding_to_json);

  py::class_<InputError>(m, "InputError")
      .def_readonly("path", &InputError::path)
      .def_readonly("message", &InputError::message);

  py::class_<Report>(m, "Report")
      .def_readonly("findings", &Report::findings)
      .def_readonly("suppressed", &Report::suppressed)
      .def_readonly("errors", &Report::errors)
      .def_property_readonly("summary", [](const Report& r) {
        const Summary& s = r.summary;
        py::dict d;
        d["files"] = s.files;
        d["documents"] = s.documents;
        d["objects"] = s.objects;
        d["skipped_documents"] = s.skipped_documents;
        d["rules_run"] = s.rules_run;
        d["error"] = s.by_severity[2];
        d["warning"] = s.by_severity[1];
        d["info"] = s.by_severity[0];
        d["suppressed"] = s.suppressed;
        return d;
      })
      .def("to_json", [](const Report& r, bool include_suppressed) {
        std::ostringstream out;
        write_json(r, out, include_suppressed);
        return out.str();
      }, py::arg("include_suppressed") = false)
      .def("to_sarif", [](const Report& r) {
        std::ostringstream out;
        write_sarif(r, out);
        return out.str();
      })
      .def("to_junit", [](const Report& r) {
        std::ostringstream out;
        write_junit(r, out);
        return out.str();
      })
      .def("to_text", [](const Report& r, bool color) {
        std::ostringstream out;
        write_text(r, out, {.color = color});
        return out.str();
      }, py::arg("color") = false);

  m.def("check", &run_check, py::arg("paths"), py::arg("texts"), py::arg("config_file") = py::none(),
        py::arg("config_text") = py::none(), py::arg("enable") = std::vector<std::string>{},
        py::arg("disable") = std::vector<std::string>{}, py::arg("only") = std::vector<std::string>{},
        py::arg("namespace") = py::none(), py::arg("kubernetes_version") = py::none(), py::arg("jobs") = 0U,
        "Run the engine over paths and (name, text) pairs; returns a Report.");

  m.def("main", [](const std::vector<std::string>& args, bool out_is_terminal) {
    std::ostringstream out;
    std::ostringstream err;
    int code = 0;
    {
      py::gil_scoped_release release;
      code = cli::run(args, {out, err, out_is_terminal});
    }
    return py::make_tuple(code, out.str(), err.str());
  }, py::arg("args"), py::arg("out_is_terminal") = false,
        "Run the command line; returns (exit code, stdout text, stderr text).");
}
