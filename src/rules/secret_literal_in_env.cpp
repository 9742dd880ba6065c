// secret-literal-in-env: passwords, tokens and keys written straight into a manifest's env.
#include "rules/common.hpp"
#include "rules/sensitive.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "secret-literal-in-env",
    .section = kAppDev,
    .group = "Configuration and secrets",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "An environment variable has a literal value and either a sensitive name (password, "
        "token, API key...) or a value shaped like a credential (PEM private key, cloud access "
        "key...).",
    .applies_to = "env entries with a `value` in every container, init containers included",
    .rationale =
        "A secret written into a manifest is in version control, in every copy of the chart, in "
        "CI logs and in the object's last-applied annotation, readable by anyone who can read "
        "the workload. It cannot be rotated without a new release, and everyone who ever had the "
        "repository has it.",
    .remediation =
        "Move the value into a Secret (created from a secret manager, sealed or encrypted "
        "rather than committed in clear), mount it as a file, and rotate the credential that was "
        "exposed.",
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
          value: hunter2
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
        - name: DB_USER
          value: web
)yaml",
    .options = {sensitive_names_option(), ignored_names_option(), extra_credentials_option()},
    .notes =
        "A name is sensitive when one of `sensitive-names` occurs in it and none of `ignored-names` "
        "does; both are searched in the name split into lower-case words (`dbPassword`, "
        "`DB_PASSWORD` and `db-password` all read `db password`), so `TOKENIZERS_PARALLELISM` is "
        "not a token and `SECRET_NAME`, `TOKEN_PATH`, `PASSWORD_MIN_LENGTH` or `ENABLE_TOKEN_AUTH` "
        "only talk about one. A sensitive name with a value that cannot be a secret is not "
        "reported: empty, a boolean, a plain integer, an absolute or relative path, a URL without "
        "a password, a reference (`$(VAR)`, `${VAR}`, `$VAR`, `{{ ... }}`) or an installer's "
        "`__PLACEHOLDER__`. Whatever the name, "
        "a value containing a credential fires: a PEM private key, an AWS access key ID (AKIA..., "
        "ASIA...; AWS's documentation keys ending in EXAMPLE excepted), a Google API key, GitHub, "
        "Slack or Stripe tokens, an Azure storage AccountKey, a JSON Web Token, a URL with an "
        "embedded password, or a match of `extra-credential-patterns`. Placeholders such as "
        "`changeme` do fire: they show where a real secret will be pasted. Variables that take "
        "their value from a Secret or ConfigMap (`valueFrom`) are never reported here (see "
        "secret-in-env). Messages never repeat the value.",
};

class SecretLiteralInEnv final : public BasicRule {
 public:
  SecretLiteralInEnv() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }
  void configure(const Options& options) override {
    names_ = SensitiveNames(options);
    credentials_ = CredentialScanner(options);
  }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      std::size_t i = 0;
      for (Value env : c["env"].items()) {
        const std::size_t index = i++;
        const Value value = env["value"];
        if (!value.is_scalar() || env["valueFrom"]) continue;
        const std::string_view name = env["name"].str();
        const FieldPath path = c.path().key("env").index(index).key("value");
        if (const std::string kind = credentials_.find(value.str()); !kind.empty()) {
          ctx.report(r, value, path,
                     fmt::format("environment variable {} of {} holds {} in clear text", name, c.describe(), kind));
          continue;
        }
        if (names_.matches(name) && !harmless_literal(value.str())) {
          ctx.report(r, value, path,
                     fmt::format("environment variable {} of {} looks sensitive but its value is written in the "
                                 "manifest",
                                 name, c.describe()));
        }
      }
    }
  }

 private:
  SensitiveNames names_;
  CredentialScanner credentials_;
};

}  // namespace

std::unique_ptr<Rule> make_secret_literal_in_env() { return std::make_unique<SecretLiteralInEnv>(); }

}  // namespace shipshape::rules
