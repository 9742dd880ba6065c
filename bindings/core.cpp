// shipshape._core: a thin pybind11 layer over the C++ engine: conversions, read-only views of
// the Resource model, and the trampoline that runs Python rules inside the engine. The
// Pythonic API lives in python/shipshape; nothing here decides what is a finding.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli.hpp"
#include "shipshape/shipshape.hpp"

namespace py = pybind11;
using namespace shipshape;

namespace {

// --- errors ---------------------------------------------------------------------------------

/// A view of the Resource model used after the run that produced it ended.
class ExpiredView : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A Python rule class that the registry refuses (bad id, id taken).
class RuleDefinitionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A Python rule raised; the Python exception itself is kept in the run's FailureSink.
class PythonRuleFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Raises `shipshape.errors.<name>(message)`; the classes are defined in Python so that they
/// form one hierarchy with the package's own errors.
[[noreturn]] void raise_python(const char* name, const std::string& message) {
  py::object cls = py::module_::import("shipshape.errors").attr(name);
  PyErr_SetObject(cls.ptr(), py::str(message).ptr());
  throw py::error_already_set();
}

// --- lifetimes of views -------------------------------------------------------------------

/// Whether the objects a view points at still exist. Views of a run's Resources, Index and
/// Context hold one and refuse to work once it expired (a rule that kept them past its call).
struct Lease {
  std::atomic<bool> live{true};
  void expire() noexcept { live = false; }
  void check() const {
    if (!live)
      throw ExpiredView(
          "this object belongs to a check that has finished; copy what you need "
          "(e.g. with to_python()) while the rule runs");
  }
};
using LeasePtr = std::shared_ptr<Lease>;

/// A node of a document tree, kept alive with its tree: safe to hold after the run.
struct ValueView {
  std::shared_ptr<const Tree> tree;
  Value value;
};

ValueView wrap(const std::shared_ptr<const Tree>& tree, Value v) { return {tree, v}; }

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

/// A container entry with its path and description computed up front: safe to hold.
struct ContainerView {
  std::shared_ptr<const Tree> tree;
  Value node;
  std::string kind;
  std::uint32_t index = 0;
  std::string list_name;
  std::string path;
  std::string description;
};

ContainerView wrap(const std::shared_ptr<const Tree>& tree, const Container& c) {
  const char* kind = c.kind() == ContainerKind::regular   ? "regular"
                     : c.kind() == ContainerKind::sidecar ? "sidecar"
                                                          : "init";
  return {tree, c.node(), kind, c.index(), std::string(c.list_name()), c.path().str(), c.describe()};
}

struct PodTemplateView {
  std::shared_ptr<const Tree> tree;
  Value metadata;
  Value spec;
  std::string spec_path;
  std::string metadata_path;
};

/// A Resource of the run in progress. Rules report on it, so it is the engine's own object,
/// not a copy; the lease says whether it still exists.
struct ResourceView {
  const Resource* resource = nullptr;
  LeasePtr lease;

  const Resource& get() const {
    lease->check();
    return *resource;
  }
  const std::shared_ptr<const Tree>& tree() const { return get().source().tree; }
  ValueView value(Value v) const { return wrap(tree(), v); }
};

std::vector<ResourceView> wrap_all(std::span<const Resource* const> rs, const LeasePtr& lease) {
  std::vector<ResourceView> out;
  out.reserve(rs.size());
  for (const Resource* r : rs) out.push_back(ResourceView{r, lease});
  return out;
}

struct IndexView {
  const Index* index = nullptr;
  LeasePtr lease;
  const Index& get() const {
    lease->check();
    return *index;
  }
};

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

Severity severity_of(const py::handle& s) {
  const auto text = py::str(s).cast<std::string>();
  auto parsed = parse_severity(text);
  if (!parsed) throw py::value_error("severity must be \"error\", \"warning\" or \"info\", not \"" + text + "\"");
  return *parsed;
}

struct ContextView {
  Context* context = nullptr;
  LeasePtr call_lease;  // the rule's call
  LeasePtr run_lease;   // the run (for the Index)

  Context& get() const {
    call_lease->check();
    return *context;
  }

  void report(const ResourceView& object, const py::object& at, const py::object& path, std::string message,
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
        if (!py::isinstance<py::dict>(op))
          throw py::type_error("a fix is a list of JSON-patch dicts {op, path, value}");
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
};

// --- Python rules ---------------------------------------------------------------------------

/// A Python rule class with its metadata, as declared once per class.
struct RuleSpec {
  py::object cls;
  RuleInfo info;
  Scope scope;

  RuleSpec() = default;
  RuleSpec(const RuleSpec&) = delete;
  RuleSpec& operator=(const RuleSpec&) = delete;
  ~RuleSpec() {
    py::gil_scoped_acquire gil;
    cls = py::object();
  }
};

/// What Python rules raised during one run, to chain them to the RuleError Python sees.
struct FailureSink {
  std::mutex mutex;
  py::list failures;  // (rule id, object or "", exception); touched under the GIL only
  void record(const std::string& rule, const std::string& object, py::handle exception) {
    std::lock_guard lock(mutex);
    failures.append(py::make_tuple(rule, object, exception));
  }
};

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

// --- running ----------------------------------------------------------------------------------

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
                               f.document, f.path, f.helm_source, object_tuple(f.object), fix));
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

  // --- metadata ---
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
             if (!everything && !kinds.empty()) spec->scope = std::move(spec->scope).with_kinds_in_any_group(std::move(kinds));
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

  // --- the document tree and the Resource model ---
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

  py::class_<RunSettings>(m, "RunSettings", "Run-wide settings a rule may need.")
      .def_readonly("default_namespace", &RunSettings::default_namespace)
      .def_property_readonly("kubernetes_version", [](const RunSettings& s) { return s.kubernetes_version.str(); });

  py::class_<IndexView>(m, "Index", "Look-ups over every object of the run (valid while the run lasts).")
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
          [](const IndexView& i, const std::string& kind, const std::optional<std::string>& ns) {
            return wrap_all(ns ? i.get().of_kind(kind, *ns) : i.get().of_kind(kind), i.lease);
          },
          py::arg("kind"), py::arg("namespace") = py::none())
      .def(
          "workloads",
          [](const IndexView& i, const std::string& ns) { return wrap_all(i.get().workloads(ns), i.lease); },
          py::arg("namespace"))
      .def("workload_namespaces",
           [](const IndexView& i) {
             std::vector<std::string> out;
             for (auto ns : i.get().workload_namespaces()) out.emplace_back(ns);
             return out;
           })
      .def(
          "find",
          [](const IndexView& i, const std::string& kind, const std::string& ns,
             const std::string& name) -> std::optional<ResourceView> {
            const Resource* r = i.get().find(kind, ns, name);
            if (!r) return std::nullopt;
            return ResourceView{r, i.lease};
          },
          py::arg("kind"), py::arg("namespace"), py::arg("name"))
      .def(
          "same_object",
          [](const IndexView& i, const ResourceView& r) { return wrap_all(i.get().same_object(r.get()), i.lease); },
          py::arg("resource"))
      .def(
          "select",
          [](const IndexView& i, const ValueView& selector, const std::string& ns) {
            std::string error;
            auto parsed = LabelSelector::parse(selector.value, &error);
            if (!parsed) throw py::value_error("bad label selector: " + error);
            std::vector<ResourceView> out;
            for (const Resource* r : i.get().select(*parsed, ns)) out.push_back(ResourceView{r, i.lease});
            return out;
          },
          py::arg("selector"), py::arg("namespace"), "Workloads a LabelSelector value matches in a namespace.")
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

  // --- reports ---
  py::class_<Report>(m, "Report")
      .def("finding_rows", [](const Report& r) { return finding_rows(r.findings); })
      .def("suppressed_rows", [](const Report& r) { return finding_rows(r.suppressed); })
      .def_property_readonly("errors",
                             [](const Report& r) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (const auto& e : r.errors) out.emplace_back(e.path, e.message);
                               return out;
                             })
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

  // --- entry points ---
  m.def(
      "check",
      [](std::vector<std::string> paths, std::vector<std::tuple<std::string, std::string, std::string>> texts,
         std::optional<std::string> config_file, std::optional<std::string> config_text, std::string config_name,
         std::vector<std::string> enable, std::vector<std::string> disable, std::vector<std::string> only,
         std::optional<std::string> ns, std::optional<std::string> kubernetes_version, unsigned jobs,
         const std::vector<std::shared_ptr<RuleSpec>>& extra_rules) {
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
                     jobs};
        return run_check(q, extra_rules);
      },
      py::arg("paths"), py::arg("texts"), py::arg("config_file") = py::none(), py::arg("config_text") = py::none(),
      py::arg("config_name") = "<config>", py::arg("enable") = std::vector<std::string>{},
      py::arg("disable") = std::vector<std::string>{}, py::arg("only") = std::vector<std::string>{},
      py::arg("namespace") = py::none(), py::arg("kubernetes_version") = py::none(), py::arg("jobs") = 0U,
      py::arg("extra_rules") = std::vector<std::shared_ptr<RuleSpec>>{},
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
