// shipshape._core, the private module under the shipshape package: its entry points (check,
// configuration, the command line) and the translation of C++ errors into the package's own.
#include <pybind11/stl.h>

#include <optional>
#include <sstream>
#include <tuple>

#include "cli/cli.hpp"
#include "core.hpp"

namespace shipshape::python {

namespace {

/// Raises `shipshape.errors.<name>(message)`; the classes are defined in Python so that they
/// form one hierarchy with the package's own errors.
[[noreturn]] void raise_python(const char* name, const std::string& message) {
  py::object cls = py::module_::import("shipshape.errors").attr(name);
  PyErr_SetObject(cls.ptr(), py::str(message).ptr());
  throw py::error_already_set();
}

struct RunRequest {
  std::vector<std::string> paths;
  std::vector<std::tuple<std::string, std::string, std::string>> texts;  // name, text, yaml|json
  std::optional<std::string> config_file;
  std::optional<std::string> config_text;
  std::string config_name = "<config>";
  std::vector<std::string> enable, disable, only;
  std::optional<std::string> ns;
  std::optional<std::string> kubernetes_version;
  unsigned jobs = 0;
  std::optional<std::string> parser;
};

Config make_config(const RunRequest& q) {
  Config config;
  if (q.config_file) config = Config::load(*q.config_file);
  if (q.config_text) config = Config::parse(*q.config_text, q.config_name);
  if (q.ns) config.default_namespace = *q.ns;
  if (q.kubernetes_version) {
    auto v = KubernetesVersion::parse(*q.kubernetes_version);
    if (!v) throw ConfigError("\"" + *q.kubernetes_version + "\" is not a Kubernetes version such as 1.31");
    config.kubernetes_version = *v;
  }
  if (q.parser) {
    const auto parser = parser_from_name(*q.parser);
    if (!parser) throw ConfigError("parser \"" + *q.parser + "\" is not one of auto, yaml-cpp, libfyaml");
    if (!parser_available(*parser)) throw ConfigError("this build of shipshape has no libfyaml front end");
    config.parser = *parser;
  }
  config.enable = q.enable;
  config.disable = q.disable;
  config.only = q.only;
  return config;
}

/// Runs the engine without the GIL. Returns (report or None, fatal rule failure text,
/// Python rule failures).
py::tuple run_check(const RunRequest& q, const std::vector<std::shared_ptr<RuleSpec>>& specs) {
  auto sink = std::make_shared<FailureSink>();
  Config config = make_config(q);
  Registry registry = make_registry(specs, sink);
  std::vector<TextInput> inputs;
  for (const auto& [name, text, format] : q.texts) {
    inputs.push_back({name, text, format == "json" ? InputFormat::json : InputFormat::yaml});
  }
  std::optional<Report> report;
  std::string fatal;
  {
    py::gil_scoped_release release;
    try {
      Engine engine(std::move(config), std::move(registry));
      engine.set_jobs(q.jobs);
      engine.set_collect_objects(true);  // DataFrames join findings with object labels
      report = engine.check(q.paths, std::move(inputs));
    } catch (const PythonRuleFailure& e) {
      fatal = e.what();
    }
  }
  py::object out = report ? py::cast(std::move(*report)) : py::none();
  return py::make_tuple(out, fatal, sink->failures);
}

}  // namespace

}  // namespace shipshape::python

using namespace shipshape;
using namespace shipshape::python;

PYBIND11_MODULE(_core, m) {
  m.doc() = "The compiled core of shipshape (private: use the shipshape package)";
  m.attr("__version__") = kVersion;

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ConfigError& e) {
      raise_python("ConfigError", e.what());
    } catch (const RuleDefinitionError& e) {
      raise_python("RuleDefinitionError", e.what());
    } catch (const ExpiredView& e) {
      raise_python("ShipshapeError", e.what());
    }
  });

  bind_rules(m);
  bind_model(m);
  bind_report(m);

  // --- entry points ---
  m.def(
      "check",
      [](std::vector<std::string> paths, std::vector<std::tuple<std::string, std::string, std::string>> texts,
         std::optional<std::string> config_file, std::optional<std::string> config_text, std::string config_name,
         std::vector<std::string> enable, std::vector<std::string> disable, std::vector<std::string> only,
         std::optional<std::string> ns, std::optional<std::string> kubernetes_version, unsigned jobs,
         const std::vector<std::shared_ptr<RuleSpec>>& extra_rules, std::optional<std::string> parser) {
        RunRequest q{std::move(paths),
                     std::move(texts),
                     std::move(config_file),
                     std::move(config_text),
                     std::move(config_name),
                     std::move(enable),
                     std::move(disable),
                     std::move(only),
                     std::move(ns),
                     std::move(kubernetes_version),
                     jobs,
                     std::move(parser)};
        return run_check(q, extra_rules);
      },
      py::arg("paths"), py::arg("texts"), py::arg("config_file") = py::none(), py::arg("config_text") = py::none(),
      py::arg("config_name") = "<config>", py::arg("enable") = std::vector<std::string>{},
      py::arg("disable") = std::vector<std::string>{}, py::arg("only") = std::vector<std::string>{},
      py::arg("namespace") = py::none(), py::arg("kubernetes_version") = py::none(), py::arg("jobs") = 0U,
      py::arg("extra_rules") = std::vector<std::shared_ptr<RuleSpec>>{}, py::arg("parser") = py::none(),
      "Runs the engine (without the GIL) over paths and (name, text, 'yaml'|'json') texts. Returns "
      "(Report or None, text of a fatal Python rule failure, [(rule, object, exception)]).");

  m.def(
      "parse_config",
      [](const std::optional<std::string>& file, const std::optional<std::string>& text, const std::string& name) {
        if (file) (void)Config::load(*file);
        if (text) (void)Config::parse(*text, name);
      },
      py::arg("file") = py::none(), py::arg("text") = py::none(), py::arg("name") = "<config>",
      "Parses a configuration (file or text) and raises ConfigError when it is malformed.");

  m.def(
      "parsers",
      [] {
        std::vector<std::string> out{std::string(parser_name(resolve_parser(Parser::automatic)))};
        for (const Parser p : {Parser::libfyaml, Parser::yaml_cpp}) {
          if (p != resolve_parser(Parser::automatic) && parser_available(p)) out.emplace_back(parser_name(p));
        }
        return out;
      },
      "The YAML parsers of this build, the default first.");

  m.def(
      "discover_config", [](const std::string& start) { return Config::discover(start); }, py::arg("start"),
      "Path of .shipshape.yaml in start or the nearest parent directory, or None.");

  m.def(
      "main",
      [](const std::vector<std::string>& args, bool out_is_terminal) {
        std::ostringstream out;
        std::ostringstream err;
        int code = 0;
        {
          py::gil_scoped_release release;
          code = cli::run(args, {out, err, out_is_terminal});
        }
        return py::make_tuple(code, out.str(), err.str());
      },
      py::arg("args"), py::arg("out_is_terminal") = false,
      "Runs the command line; returns (exit code, stdout text, stderr text).");
}
