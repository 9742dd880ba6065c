// shipshape._core, the private module under the shipshape package: its entry points (check,
// configuration, the command line) and the translation of C++ errors into the package's own.
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
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
  std::optional<std::string> max_input_size;
  std::optional<std::string> parser;
  std::optional<std::string> application_scope;
  std::vector<std::shared_ptr<RuleSpec>> extra_rules;
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
  if (q.max_input_size) {
    auto bytes = parse_input_size(*q.max_input_size);
    if (!bytes) {
      throw ConfigError("max_input_size \"" + *q.max_input_size +
                        "\" is not a size from 1 byte to 2G, such as 536870912 or \"512Mi\"");
    }
    config.max_input_bytes = *bytes;
  }
  if (q.application_scope) {
    auto scope = parse_application_scope(*q.application_scope);
    if (!scope)
      throw ConfigError("application_scope must be \"directory\" or \"run\", not \"" + *q.application_scope + "\"");
    config.application_scope = *scope;
  }
  return config;
}

/// Runs `work` on a thread of its own while this thread, the caller's, waits for it with the
/// GIL released and, every 50 ms, takes the GIL to run Python's signal handlers: Ctrl-C
/// raises KeyboardInterrupt there, which raises `cancel` and, once `work` has stopped,
/// propagates. Call with the GIL held. When no thread can be started `work` runs here, and
/// signals wait for its end.
template <typename Work>
void run_interruptibly(std::atomic<bool>& cancel, Work&& work) {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  std::exception_ptr failure;
  auto body = [&] {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard lock(mutex);
    done = true;
    done_cv.notify_all();
  };
  std::optional<std::thread> worker;
  {
    py::gil_scoped_release release;
    try {
      worker.emplace(body);
    } catch (const std::exception&) {
      body();  // no thread to spare: run here, without interrupts
    }
  }
  bool interrupted = false;
  while (worker) {
    {
      py::gil_scoped_release release;
      std::unique_lock lock(mutex);
      if (done_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
        lock.unlock();
        worker->join();
        break;
      }
    }
    if (!interrupted && PyErr_CheckSignals() != 0) {
      interrupted = true;  // the exception is set; keep waiting for the run to stop
      cancel = true;
    }
  }
  if (interrupted) throw py::error_already_set();
  if (failure) std::rethrow_exception(failure);
}

/// A FixReport as plain values: ([(name, before, after, from_file, [finding row], [(finding
/// row, reason)], error)], [(path, message, rule, object)], rounds, converged).
py::object to_python(FixReport&& r) {
  py::list files;
  for (const FileFix& f : r.files) {
    py::list refused;
    std::vector<Finding> refused_findings;
    for (const RefusedFix& x : f.refused) refused_findings.push_back(x.finding);
    const py::list rows = finding_rows(refused_findings);
    for (std::size_t i = 0; i < f.refused.size(); ++i) refused.append(py::make_tuple(rows[i], f.refused[i].reason));
    files.append(py::make_tuple(f.name, f.before, f.after, f.from_file, finding_rows(f.applied), refused, f.error));
  }
  py::list errors;
  for (const InputError& e : r.errors) errors.append(py::make_tuple(e.path, e.message, e.rule, e.object));
  return py::make_tuple(files, errors, r.rounds, r.converged);
}

py::object to_python(Report&& r) { return py::cast(std::move(r)); }

/// Makes an engine for the request and runs `body(engine, texts)` with it, without the GIL.
/// Returns (what body returned, or None when a Python rule's failure stopped the run; the text
/// of that failure; the Python rule failures [(rule, object, exception)]).
template <typename Body>
py::tuple run_engine(const RunRequest& q, bool collect_objects, Body body) {
  auto sink = std::make_shared<FailureSink>();
  Config config = make_config(q);
  Registry registry = make_registry(q.extra_rules, sink);
  std::vector<TextInput> inputs;
  for (const auto& [name, text, format] : q.texts) {
    inputs.push_back({name, text, format == "json" ? InputFormat::json : InputFormat::yaml});
  }
  std::optional<decltype(body(std::declval<const Engine&>(), std::move(inputs)))> result;
  std::string fatal;
  try {
    run_interruptibly(sink->cancel, [&] {
      try {
        Engine engine(std::move(config), std::move(registry));
        engine.set_jobs(q.jobs);
        engine.set_collect_objects(collect_objects);
        engine.set_cancel_flag(&sink->cancel);
        result = body(engine, std::move(inputs));
      } catch (const PythonRuleFailure& e) {
        fatal = e.what();
      }
    });
  } catch (const Cancelled&) {
    // Only a Python rule's BaseException cancels without a pending signal.
  } catch (const PythonInterrupt&) {
  }
  if (sink->interrupt) {
    // KeyboardInterrupt, SystemExit... from a rule: raised again as it was.
    sink->interrupt->restore();
    sink->interrupt.reset();
    throw py::error_already_set();
  }
  if (!result && fatal.empty()) fatal = "the run was cancelled";
  py::object out = result ? to_python(std::move(*result)) : py::none();
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
  py::class_<RunRequest>(m, "RunRequest", "The inputs and options of a run, as shipshape.check() takes them.")
      .def(py::init([](std::vector<std::string> paths,
                       std::vector<std::tuple<std::string, std::string, std::string>> texts,
                       std::optional<std::string> config_file, std::optional<std::string> config_text,
                       std::string config_name, std::vector<std::string> enable, std::vector<std::string> disable,
                       std::vector<std::string> only, std::optional<std::string> ns,
                       std::optional<std::string> kubernetes_version, unsigned jobs,
                       std::vector<std::shared_ptr<RuleSpec>> extra_rules, std::optional<std::string> max_input_size,
                       std::optional<std::string> parser, std::optional<std::string> application_scope) {
             return RunRequest{std::move(paths),
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
                               std::move(max_input_size),
                               std::move(parser),
                               std::move(application_scope),
                               std::move(extra_rules)};
           }),
           py::arg("paths"), py::arg("texts"), py::arg("config_file") = py::none(), py::arg("config_text") = py::none(),
           py::arg("config_name") = "<config>", py::arg("enable") = std::vector<std::string>{},
           py::arg("disable") = std::vector<std::string>{}, py::arg("only") = std::vector<std::string>{},
           py::arg("namespace") = py::none(), py::arg("kubernetes_version") = py::none(), py::arg("jobs") = 0U,
           py::arg("extra_rules") = std::vector<std::shared_ptr<RuleSpec>>{}, py::arg("max_input_size") = py::none(),
           py::arg("parser") = py::none(), py::arg("application_scope") = py::none(),
           "paths; (name, text, 'yaml'|'json') texts; then the options of shipshape.check().");

  m.def(
      "check",
      [](const RunRequest& q) {
        // DataFrames join findings with object labels: the report lists its objects.
        return run_engine(q, true, [&](const Engine& engine, std::vector<TextInput> texts) {
          return engine.check(q.paths, std::move(texts));
        });
      },
      py::arg("request"),
      "Runs the engine (without the GIL). Returns (Report or None, text of a fatal Python rule failure, [(rule, "
      "object, exception)]).");

  m.def(
      "fix",
      [](const RunRequest& q, std::vector<std::string> fix_rules, unsigned max_rounds) {
        FixOptions options;
        options.rules = std::move(fix_rules);
        options.max_rounds = max_rounds;
        return run_engine(q, false, [&](const Engine& engine, std::vector<TextInput> inputs) {
          return fix(engine, q.paths, std::move(inputs), options);
        });
      },
      py::arg("request"), py::arg("fix_rules") = std::vector<std::string>{},
      py::arg("max_rounds") = FixOptions{}.max_rounds,
      "Runs shipshape::fix (without the GIL; nothing is written). Returns (([(name, before, after, from_file, "
      "[finding row], [(finding row, reason)], error)], [(path, message, rule, object)], rounds, converged) or "
      "None, text of a fatal Python rule failure, [(rule, object, exception)]).");

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
        std::atomic<bool> cancel{false};
        run_interruptibly(cancel, [&] { code = cli::run(args, {out, err, out_is_terminal, &cancel}); });
        return py::make_tuple(code, out.str(), err.str());
      },
      py::arg("args"), py::arg("out_is_terminal") = false,
      "Runs the command line; returns (exit code, stdout text, stderr text).");
}
