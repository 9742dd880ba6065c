// shipshape._core, shared by its sources: views of the Resource model that Python code holds,
// Python rule specifications, and the errors raised across the boundary. The module is a thin
// layer over the C++ engine; the Pythonic API lives in python/shipshape, and nothing here
// decides what is a finding.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "shipshape/shipshape.hpp"

namespace shipshape::python {

namespace py = pybind11;

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

// --- views of a run, and their lifetimes ----------------------------------------------------

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
  ValueView value(Value v) const;
};

struct IndexView {
  const Index* index = nullptr;
  LeasePtr lease;
  const Index& get() const {
    lease->check();
    return *index;
  }
};

struct ContextView {
  Context* context = nullptr;
  LeasePtr call_lease;  // the rule's call
  LeasePtr run_lease;   // the run (for the Index)

  Context& get() const {
    call_lease->check();
    return *context;
  }

  /// Reports a finding for the rule whose call this is (see Context::report).
  void report(const ResourceView& object, const py::object& at, const py::object& path, std::string message,
              const py::object& fix, const py::object& severity) const;
};

[[nodiscard]] ValueView wrap(const std::shared_ptr<const Tree>& tree, Value v);
inline ValueView ResourceView::value(Value v) const { return wrap(tree(), v); }
[[nodiscard]] ContainerView wrap(const std::shared_ptr<const Tree>& tree, const Container& c);
[[nodiscard]] std::vector<ResourceView> wrap_all(Span<const Resource* const> rs, const LeasePtr& lease);
/// The value as plain Python data: dict, list, str, int, float, bool or None.
[[nodiscard]] py::object to_python(Value v);
/// Parses "error", "warning" or "info"; raises ValueError otherwise.
[[nodiscard]] Severity severity_of(const py::handle& s);

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

/// A Python rule raised KeyboardInterrupt, SystemExit or another exception that is not an
/// Exception; the run stops and the exception is raised again, unchanged, once it has.
class PythonInterrupt : public std::runtime_error {
 public:
  PythonInterrupt() : std::runtime_error("a Python rule raised a BaseException") {}
};

/// What Python rules raised during one run, to chain them to the RuleError Python sees, and
/// the run's cancellation flag.
struct FailureSink {
  std::mutex mutex;
  py::list failures;  // (rule id, object or "", exception); touched under the GIL only
  std::atomic<bool> cancel{false};
  std::optional<py::error_already_set> interrupt;  // the first BaseException a rule raised; under the GIL
  void record(const std::string& rule, const std::string& object, py::handle exception) {
    std::lock_guard lock(mutex);
    failures.append(py::make_tuple(rule, object, exception));
  }
  /// Keeps `e` and stops the run when it is not an Exception (KeyboardInterrupt, SystemExit,
  /// GeneratorExit): those end the program's work, they are not a rule's failure.
  void stop_for(py::error_already_set& e) {
    if (e.matches(PyExc_Exception)) return;
    if (!interrupt) interrupt = e;
    cancel = true;
    throw PythonInterrupt();
  }
  FailureSink() = default;
  FailureSink(const FailureSink&) = delete;
  FailureSink& operator=(const FailureSink&) = delete;
  ~FailureSink() {
    py::gil_scoped_acquire gil;
    interrupt.reset();
    failures = py::list();
  }
};

/// Formats a Python exception for the report: `ValueError: message (rules.py:12)`.
std::string describe(py::error_already_set& e);
/// The built-in rules plus the given Python rules. Call with the GIL held.
Registry make_registry(const std::vector<std::shared_ptr<RuleSpec>>& specs, const std::shared_ptr<FailureSink>& sink);

// --- reports ---------------------------------------------------------------------------------

/// Findings as the rows the Python Finding is made from: (rule, severity, message, file, line,
/// column, document, path, helm_source, (api_version, kind, namespace, name) or (), [(op,
/// path, value JSON)], object_pointer).
py::list finding_rows(const std::vector<Finding>& findings);

// --- the parts of the module, registered in this order -----------------------------------

/// Rule metadata, Python rule specifications, the rule list.
void bind_rules(py::module_& m);
/// The document tree and the Resource model, then bind_context.
void bind_model(py::module_& m);
/// The run settings, the Index and the Context.
void bind_context(py::module_& m);
/// Reports.
void bind_report(py::module_& m);

}  // namespace shipshape::python
