// shipshape._core: rule metadata, and the trampoline that runs Python rules inside the engine.
#include <pybind11/stl.h>

#include <tuple>

#include "core.hpp"

namespace shipshape::python {

/// Formats a Python exception for the report: `ValueError: message (rules.py:12)`.
std::string describe(py::error_already_set& e) {
  std::string text = py::str(e.type().attr("__name__")).cast<std::string>();
  const std::string message = py::str(e.value()).cast<std::string>();
  if (!message.empty()) text += ": " + message;
  py::object tb = e.trace();
  if (tb && !tb.is_none()) {
    while (!tb.attr("tb_next").is_none()) tb = tb.attr("tb_next");
    py::object file =
        py::module_::import("os.path").attr("basename")(tb.attr("tb_frame").attr("f_code").attr("co_filename"));
    text += " (" + py::str(file).cast<std::string>() + ":" + py::str(tb.attr("tb_lineno")).cast<std::string>() + ")";
  }
  return text;
}

namespace {

/// The trampoline: a C++ Rule whose virtual functions call the Python instance's methods,
/// taking the GIL for each call (the engine runs rules on several threads without it).
class PythonRule final : public Rule {
 public:
  PythonRule(std::shared_ptr<const RuleSpec> spec, std::shared_ptr<FailureSink> sink, py::object self)
      : spec_(std::move(spec)), sink_(std::move(sink)), self_(std::move(self)), lease_(std::make_shared<Lease>()) {}
  ~PythonRule() override {
    lease_->expire();
    py::gil_scoped_acquire gil;
    self_ = py::object();
  }

  [[nodiscard]] const RuleInfo& info() const override { return spec_->info; }
  [[nodiscard]] Scope scope() const override { return spec_->scope; }

  void configure(const Options& options) override {
    py::gil_scoped_acquire gil;
    py::dict values;
    for (const OptionInfo& o : spec_->info.options) {
      switch (o.type) {
        case OptionType::boolean:
          values[o.name.c_str()] = options.get_bool(o.name);
          break;
        case OptionType::integer:
          values[o.name.c_str()] = options.get_int(o.name);
          break;
        case OptionType::number:
          values[o.name.c_str()] = options.get_number(o.name);
          break;
        case OptionType::string:
          values[o.name.c_str()] = options.get_string(o.name);
          break;
        case OptionType::string_list:
          values[o.name.c_str()] = options.get_list(o.name);
          break;
        case OptionType::quantity:
          values[o.name.c_str()] = options.get_quantity(o.name);
          break;
      }
    }
    try {
      self_.attr("configure")(values);
    } catch (py::error_already_set& e) {
      // A ValueError is the rule refusing a value: a configuration error, as for C++ rules.
      sink_->stop_for(e);
      if (e.matches(PyExc_ValueError)) throw std::invalid_argument(py::str(e.value()).cast<std::string>());
      fail(e, nullptr, "configure");
    }
  }

  void prepare(const Index& index, const RunSettings& settings) override {
    py::gil_scoped_acquire gil;
    try {
      self_.attr("prepare")(IndexView{&index, lease_}, settings);
    } catch (py::error_already_set& e) {
      fail(e, nullptr, "prepare");
    }
  }

  void check(const Resource& object, Context& ctx) const override {
    py::gil_scoped_acquire gil;
    auto call = std::make_shared<Lease>();
    try {
      self_.attr("check")(ResourceView{&object, lease_}, ContextView{&ctx, call, lease_});
    } catch (py::error_already_set& e) {
      call->expire();
      fail(e, &object);
    }
    call->expire();
  }

  void finish(Context& ctx) const override {
    py::gil_scoped_acquire gil;
    auto call = std::make_shared<Lease>();
    try {
      self_.attr("finish")(ContextView{&ctx, call, lease_});
    } catch (py::error_already_set& e) {
      call->expire();
      fail(e, nullptr);
    }
    call->expire();
  }

 private:
  /// Records the Python exception and throws its description. The engine prefixes failures
  /// in check() and finish() with the rule and object; the others (`stage`) are prefixed here.
  [[noreturn]] void fail(py::error_already_set& e, const Resource* object, std::string_view stage = {}) const {
    sink_->stop_for(e);
    if (e.trace() && !e.trace().is_none()) PyException_SetTraceback(e.value().ptr(), e.trace().ptr());
    std::string text = describe(e);
    if (!stage.empty()) text = "rule " + spec_->info.id + " failed in " + std::string(stage) + ": " + text;
    sink_->record(spec_->info.id, object ? object->display() : std::string{}, e.value());
    throw PythonRuleFailure(text);
  }

  std::shared_ptr<const RuleSpec> spec_;
  std::shared_ptr<FailureSink> sink_;
  py::object self_;
  LeasePtr lease_;
};

}  // namespace

/// The built-in rules plus the given Python rules. Call with the GIL held.
Registry make_registry(const std::vector<std::shared_ptr<RuleSpec>>& specs, const std::shared_ptr<FailureSink>& sink) {
  Registry registry = Registry::with_builtin_rules();
  for (const auto& s : specs) {
    std::shared_ptr<const RuleSpec> spec = s;
    try {
      registry.add([spec, sink]() -> std::unique_ptr<Rule> {
        py::gil_scoped_acquire gil;
        try {
          return std::make_unique<PythonRule>(spec, sink, spec->cls());
        } catch (py::error_already_set& e) {
          sink->stop_for(e);
          const std::string text = describe(e);
          sink->record(spec->info.id, std::string{}, e.value());
          throw PythonRuleFailure("rule " + spec->info.id + " could not be created: " + text);
        }
      });
    } catch (const std::invalid_argument& e) {
      throw RuleDefinitionError(e.what());
    } catch (const PythonRuleFailure& e) {
      // The class could not even be instantiated: raise RuleError from the Python exception.
      py::object error =
          py::module_::import("shipshape.errors").attr("RuleError")(e.what(), py::arg("rule") = spec->info.id);
      if (py::len(sink->failures) > 0)
        error.attr("__cause__") = sink->failures[py::len(sink->failures) - 1].cast<py::tuple>()[2];
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
      throw py::error_already_set();
    }
  }
  return registry;
}

void bind_rules(py::module_& m) {
  py::class_<OptionInfo>(m, "OptionInfo", "A rule option: name, type, default (YAML text), description.")
      .def_readonly("name", &OptionInfo::name)
      .def_property_readonly("type", [](const OptionInfo& o) { return std::string(to_string(o.type)); })
      .def_readonly("default", &OptionInfo::default_value)
      .def_readonly("description", &OptionInfo::description);

  py::class_<RuleInfo>(m, "RuleInfo", "Everything known about a rule.")
      .def_readonly("id", &RuleInfo::id)
      .def_readonly("section", &RuleInfo::section)
      .def_readonly("group", &RuleInfo::group)
      .def_property_readonly("severity", [](const RuleInfo& r) { return std::string(to_string(r.severity)); })
      .def_readonly("enabled", &RuleInfo::enabled)
      .def_readonly("summary", &RuleInfo::summary)
      .def_readonly("applies_to", &RuleInfo::applies_to)
      .def_readonly("rationale", &RuleInfo::rationale)
      .def_readonly("remediation", &RuleInfo::remediation)
      .def_readonly("bad_example", &RuleInfo::bad_example)
      .def_readonly("good_example", &RuleInfo::good_example)
      .def_readonly("options", &RuleInfo::options)
      .def_readonly("notes", &RuleInfo::notes);

  py::class_<RuleSpec, std::shared_ptr<RuleSpec>>(m, "RuleSpec",
                                                  "A Python rule class with its metadata, ready to register.")
      .def(py::init([](py::object cls, std::string id, std::string section, std::string group,
                       const std::string& severity, bool enabled, std::string summary, std::string applies_to,
                       std::string rationale, std::string remediation, std::string bad_example,
                       std::string good_example, std::string notes,
                       const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& options,
                       std::vector<std::string> kinds, bool workloads, bool everything) {
             auto spec = std::make_shared<RuleSpec>();
             spec->cls = std::move(cls);
             RuleInfo& info = spec->info;
             info.id = std::move(id);
             info.section = std::move(section);
             info.group = std::move(group);
             info.severity = severity_of(py::str(severity));
             info.enabled = enabled;
             info.summary = std::move(summary);
             info.applies_to = std::move(applies_to);
             info.rationale = std::move(rationale);
             info.remediation = std::move(remediation);
             info.bad_example = std::move(bad_example);
             info.good_example = std::move(good_example);
             info.notes = std::move(notes);
             for (const auto& [name, type, default_value, description] : options) {
               OptionInfo o{name, OptionType::string, default_value, description};
               bool known = false;
               for (auto t : {OptionType::boolean, OptionType::integer, OptionType::number, OptionType::string,
                              OptionType::string_list, OptionType::quantity}) {
                 if (to_string(t) == type || (t == OptionType::string_list && type == "string_list")) {
                   o.type = t;
                   known = true;
                 }
               }
               if (!known) throw RuleDefinitionError("option " + name + " has an unknown type \"" + type + "\"");
               info.options.push_back(std::move(o));
             }
             spec->scope = everything ? Scope::everything() : workloads ? Scope::workloads() : Scope::none();
             if (!everything && !kinds.empty())
               spec->scope = std::move(spec->scope).with_kinds_in_any_group(std::move(kinds));
             return spec;
           }),
           py::arg("cls"), py::arg("id"), py::arg("section"), py::arg("group"), py::arg("severity"), py::arg("enabled"),
           py::arg("summary"), py::arg("applies_to"), py::arg("rationale"), py::arg("remediation"),
           py::arg("bad_example"), py::arg("good_example"), py::arg("notes"), py::arg("options"), py::arg("kinds"),
           py::arg("workloads"), py::arg("everything"))
      .def_property_readonly("info", [](const RuleSpec& s) { return s.info; });

  m.def(
      "valid_rule_id", [](const std::string& id) { return valid_rule_id(id); }, py::arg("id"),
      "Whether id is a well-formed rule id (lower-case kebab-case).");

  m.def(
      "rules",
      [](const std::vector<std::shared_ptr<RuleSpec>>& specs) {
        auto sink = std::make_shared<FailureSink>();
        const Registry registry = make_registry(specs, sink);
        std::vector<RuleInfo> out;
        for (const RuleInfo* info : registry.infos()) out.push_back(*info);
        return out;
      },
      py::arg("extra") = std::vector<std::shared_ptr<RuleSpec>>{},
      "Metadata of the built-in rules and the given Python rules, sorted by id.");
}

}  // namespace shipshape::python
