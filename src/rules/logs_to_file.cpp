// logs-to-file: container commands that send their output to a file instead of stdout.
#include <algorithm>

#include "rules/common.hpp"
#include "rules/shell.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "logs-to-file",
    .section = kAppDev,
    .group = "Logging",
    .severity = Severity::info,
    .enabled = false,
    .summary =
        "A container's command or args redirect its output to a log file (`>`, `>>`, `2>`, `tee`) "
        "instead of leaving it on stdout and stderr.",
    .applies_to =
        "shell scripts (`sh -c ...`) in the command and args of every container, init containers "
        "included",
    .rationale =
        "Kubernetes collects what containers write to stdout and stderr: `kubectl logs`, the "
        "node's log rotation and every log shipper read those streams. Output written to a file "
        "inside the container is invisible to them, fills the container's writable layer, and "
        "is lost with the pod.",
    .remediation =
        "Let the process write to stdout and stderr; drop the redirection. If the program insists "
        "on a file, point it at /dev/stdout or /proc/self/fd/1, or run a sidecar that tails "
        "the file.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: busybox:1.36
      command: [sh, -c, "exec worker >> /var/log/worker.log 2>&1"]
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: busybox:1.36
      command: [sh, -c, "exec worker 2>&1"]
)yaml",
    .notes =
        "Optional. Only scripts run by a shell with `-c` are read (an exec-form argv is not "
        "interpreted by a shell, so a `>` in it is just an argument). Redirections to /dev/..., "
        "/proc/.../fd/... and to other descriptors (`2>&1`) are fine. Because entrypoint scripts "
        "often write configuration files (`cat > /etc/app.conf <<EOF`), a redirection or `tee` "
        "operand counts only when it looks like logging: the path mentions `log` or ends in `.out` "
        "or `.err`, the redirection carries standard error (`2>`, `&>`), or it is an `exec >file` "
        "that sends the rest of the script there. Log-file flags of the program itself "
        "(`--log-file=...`) are not recognised. Here-document bodies, quotes and comments are "
        "handled.",
};

bool looks_like_log(const FileOutput& o) {
  std::string lower;
  for (char c : o.target) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return o.to_stderr || o.whole_script || lower.find("log") != std::string::npos || lower.ends_with(".out") ||
         lower.ends_with(".err");
}

class LogsToFile final : public BasicRule {
 public:
  LogsToFile() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      const auto argv = argv_of(c["command"], c["args"]);
      const auto script = shell_script_at(argv);
      if (!script) continue;
      const ArgvItem& item = argv[*script];
      const auto outputs = file_outputs(item.text());
      const auto it = std::find_if(outputs.begin(), outputs.end(), looks_like_log);
      if (it == outputs.end()) continue;
      ctx.report(r, item.node, c.path().key(item.list).index(item.index),
                 it->how == "tee" ? fmt::format("{} copies its output into {} with tee", c.describe(), it->target)
                                  : fmt::format("{} redirects output to {} ({}) instead of stdout", c.describe(),
                                                it->target, it->how));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_logs_to_file() { return std::make_unique<LogsToFile>(); }

}  // namespace shipshape::rules
