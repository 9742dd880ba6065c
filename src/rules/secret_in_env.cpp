// secret-in-env: Secrets handed to containers as environment variables.
#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "secret-in-env",
    .section = kAppDev,
    .group = "Configuration and secrets",
    .severity = Severity::warning,
    .enabled = true,
    .summary =
        "An environment variable reads a Secret (valueFrom.secretKeyRef, or envFrom.secretRef) "
        "instead of a mounted volume.",
    .applies_to = "env and envFrom of every container, init containers included",
    .rationale =
        "Environment variables leak easily: they are inherited by every child process, printed by "
        "crash handlers and debug endpoints, captured in core dumps, and visible to anyone who "
        "can read the process environment. They are also fixed for the life of the container, "
        "so a rotated Secret never reaches the application. A Secret mounted as a file can be "
        "permission-restricted and is updated in place.",
    .remediation =
        "Mount the Secret as a volume (`volumes[].secret` with a `volumeMount`, readOnly) and let "
        "the application read the file; many libraries accept a `*_FILE` variable naming it.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: db, key: password}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: DB_PASSWORD_FILE
          value: /etc/db/password
      volumeMounts:
        - {name: db, mountPath: /etc/db, readOnly: true}
  volumes:
    - name: db
      secret: {secretName: db}
)yaml",
    .notes =
        "Both forms fire: one finding per `secretKeyRef` and one per `envFrom` entry with a "
        "`secretRef` (which exposes every key of the Secret). The Secret's type does not matter "
        "(a service-account token or registry credential in the environment leaks just the same), "
        "and neither does whether it is in the run or marked optional. References to ConfigMaps "
        "are not reported. There is no automatic fix: the application has to read a file "
        "instead.",
};

class SecretInEnv final : public BasicRule {
 public:
  SecretInEnv() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      std::size_t i = 0;
      for (Value env : c["env"].items()) {
        const std::size_t index = i++;
        const Value ref = env["valueFrom"]["secretKeyRef"];
        if (!ref.is_mapping()) continue;
        ctx.report(r, ref, c.path().key("env").index(index).key("valueFrom").key("secretKeyRef"),
                   fmt::format("{} reads key \"{}\" of Secret \"{}\" into environment variable {}", c.describe(),
                               ref["key"].str(), ref["name"].str(), env["name"].str()));
      }
      i = 0;
      for (Value from : c["envFrom"].items()) {
        const std::size_t index = i++;
        const Value ref = from["secretRef"];
        if (!ref.is_mapping()) continue;
        ctx.report(
            r, ref, c.path().key("envFrom").index(index).key("secretRef"),
            fmt::format("{} loads every key of Secret \"{}\" into its environment", c.describe(), ref["name"].str()));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_secret_in_env() { return std::make_unique<SecretInEnv>(); }

}  // namespace shipshape::rules
