// prestop-exceeds-grace-period: preStop hooks that sleep through the whole grace period.
#include <cmath>

#include "rules/common.hpp"
#include "rules/shell.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "prestop-exceeds-grace-period",
    .section = kAppDev,
    .group = "Graceful shutdown",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A preStop hook sleeps for as long as the pod's termination grace period, or longer.",
    .applies_to = "preStop hooks of regular and sidecar containers of every workload",
    .rationale =
        "The grace period starts when the pod is asked to stop, and the preStop hook runs inside "
        "it. A hook that sleeps the whole period (to let load balancers catch up) leaves the "
        "application no time at all after its SIGTERM: the kubelet sends SIGKILL while it is "
        "still draining, and the graceful shutdown the sleep was meant to protect never happens.",
    .remediation =
        "Make the grace period longer than the preStop sleep plus the time the application needs "
        "to shut down, or shorten the sleep.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      lifecycle:
        preStop:
          exec:
            command: [sh, -c, sleep 30]
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  terminationGracePeriodSeconds: 60
  containers:
    - name: web
      image: nginx:1.27
      lifecycle:
        preStop:
          exec:
            command: [sh, -c, sleep 30]
)yaml",
    .notes =
        "The sleep is read from the `sleep` lifecycle handler (`preStop.sleep.seconds`), from an "
        "exec command that is `sleep N` itself (any path, `busybox sleep` too), and from `sleep` "
        "commands inside a shell script run with `-c` (sh, bash, ash, dash, zsh, ksh; options such "
        "as `-ec` are understood). Several sleeps in one script, or several operands of one "
        "sleep, are added up; `sleep infinity` never ends and always fires. Durations take GNU "
        "suffixes (`s`, `m`, `h`, `d`) and decimals. A sleep whose operand is a variable, or "
        "a loop, cannot be measured and is ignored. The grace period is the pod's "
        "`terminationGracePeriodSeconds`, 30 seconds when unset; a sleep equal to it fires, since "
        "the application would get no time at all.",
};

std::string seconds_text(double s) {
  if (std::isinf(s)) return "forever";
  if (s == std::floor(s)) return fmt::format("{} s", static_cast<long long>(s));
  return fmt::format("{} s", s);
}

class PrestopExceedsGracePeriod final : public BasicRule {
 public:
  PrestopExceedsGracePeriod() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }

  void check(const Resource& r, Context& ctx) const override {
    const Value grace_node = r.pod().spec["terminationGracePeriodSeconds"];
    const bool explicit_grace = grace_node.is_scalar() && grace_node.as_int().has_value();
    const std::int64_t grace_seconds = explicit_grace ? *grace_node.as_int() : 30;
    const auto grace = static_cast<double>(grace_seconds);
    const std::string grace_text = explicit_grace ? fmt::format("the grace period of {} s", grace_seconds)
                                                  : std::string("the default grace period of 30 s");
    for (const Container& c : r.containers()) {
      const Value pre_stop = c["lifecycle"]["preStop"];
      const FieldPath hook = c.path().key("lifecycle").key("preStop");
      if (const Value seconds = pre_stop["sleep"]["seconds"]; seconds.is_scalar()) {
        const auto n = seconds.as_int();
        if (n && static_cast<double>(*n) >= grace) {
          ctx.report(r, seconds, hook.key("sleep").key("seconds"),
                     fmt::format("preStop hook of {} sleeps {} s, which uses up {}", c.describe(), *n, grace_text));
        }
        continue;
      }
      const Value command = pre_stop["exec"]["command"];
      const auto argv = argv_of(command, {});
      const auto sleep = sleep_of(argv);
      if (!sleep || sleep->seconds < grace) continue;
      const ArgvItem& item = argv[sleep->item];
      ctx.report(r, item.node, hook.key("exec").key("command").index(item.index),
                 std::isinf(sleep->seconds)
                     ? fmt::format("preStop hook of {} sleeps forever, past {}", c.describe(), grace_text)
                     : fmt::format("preStop hook of {} sleeps {}, which uses up {}", c.describe(),
                                   seconds_text(sleep->seconds), grace_text));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_prestop_exceeds_grace_period() { return std::make_unique<PrestopExceedsGracePeriod>(); }

}  // namespace shipshape::rules
