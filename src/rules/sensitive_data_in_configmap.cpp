// sensitive-data-in-configmap: secrets kept in ConfigMaps, by key name or by value shape.
#include "internal.hpp"
#include "rules/common.hpp"
#include "rules/sensitive.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "sensitive-data-in-configmap",
    .section = kAppDev,
    .group = "Configuration and secrets",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A ConfigMap key looks sensitive by name, or a value (or a setting inside a configuration "
        "file it holds) looks like a credential.",
    .applies_to = "data and binaryData of ConfigMaps",
    .rationale =
        "ConfigMaps are meant to be read widely: they are shown by dashboards, copied into "
        "support bundles, readable by every role that can read configuration, and never "
        "encrypted at rest. A password or key stored there is exposed to all of them.",
    .remediation =
        "Move the value into a Secret (kept out of version control or encrypted), mount it "
        "next to the configuration, and have the configuration refer to the file or an "
        "environment variable instead; rotate the exposed credential.",
    .bad_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  db-host: db.shop.svc
  db-password: hunter2
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  db-host: db.shop.svc
  db-password-file: /etc/db/password
)yaml",
    .options = {sensitive_names_option(), ignored_names_option(), extra_credentials_option()},
    .notes =
        "Three checks, at most one finding per key: (1) the value contains a credential (a PEM "
        "private key, an AWS access key ID, a Google API key, GitHub, Slack or Stripe tokens, an "
        "Azure storage AccountKey, a JSON Web Token, a URL with an embedded password, or a match "
        "of `extra-credential-patterns`); (2) the key's name is sensitive and its value could be a "
        "secret, with the same name rules as secret-literal-in-env (so `tls.key` or `db-password` "
        "fire, `password-file`, `token-ttl` or an empty value do not); (3) a value holding a "
        "configuration file has a `name: value` or `name=value` line (YAML, properties, .env, "
        "simple JSON) whose name is sensitive and whose value is a literal, not a reference such "
        "as `${DB_PASSWORD}` and not a code expression (lines over 1,000 characters, comment lines, and "
        "keys that hold source code or markup such as `.py`, `.sh`, `.js`, `.html` are skipped). "
        "A key that names a script or a configuration file (an extension such as `.py`, `.sh`, "
        "`.sql`, `.yaml`, `.json`, `.conf`, `.properties`, `.env`) is judged by its content only, "
        "never by the words in its name: `password_validation.py`, `token-refresh.sh` or "
        "`password-policy.yaml` do not fire for their names, while a credential in them, or a "
        "sensitive setting in a configuration file (one line is enough), still does. Other keys "
        "with a dot, such as `tls.key` or `password.txt`, keep the name check. "
        "binaryData values are base64-decoded before the credential check. CA certificates and "
        "other public keys are not credentials and do not fire. The message names the key and "
        "the setting, never the value.",
};

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

std::string base64_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
    const int d = base64_digit(c);
    if (d < 0) return {};
    buffer = (buffer << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFFU);
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.back() == ',') s = trim(s.substr(0, s.size() - 1));
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return s;
}

struct Setting {
  std::string_view name;
  std::size_t line = 0;
};

/// The first `name: value` / `name=value` line of a configuration file whose name is sensitive
/// and whose value is a literal that could be a secret.
std::optional<Setting> sensitive_setting(std::string_view text, const SensitiveNames& names) {
  std::size_t start = 0;
  std::size_t line = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    const std::string_view raw = trim(text.substr(start, end - start));
    start = end + 1;
    if (raw.empty() || raw.size() > 1000 || raw.front() == '#' || raw.front() == ';' || raw.starts_with("//")) continue;
    std::string_view l = raw;
    if (l.starts_with("- ")) l = trim(l.substr(2));
    if (l.starts_with("export ")) l = trim(l.substr(7));
    const auto sep = find_any(l, ":=");
    if (sep == std::string_view::npos || sep == 0) continue;
    const std::string_view name = unquote(l.substr(0, sep));
    if (name.empty() || find_any(name, " \t<>{}()[]") != std::string_view::npos) continue;
    const std::string_view value = unquote(l.substr(sep + 1));
    if (value.empty() || value == "|" || value == ">" || value.front() == '{' || value.front() == '&' ||
        value.front() == '*' || find_any(value, "([") != std::string_view::npos) {
      continue;  // nested blocks, anchors, lists and code expressions
    }
    if (!names.matches(name) || harmless_literal(value)) continue;
    return Setting{name, line};
  }
  return std::nullopt;
}

/// The extension of a key that names a file (`app.py` -> `py`), or empty.
std::string_view extension(std::string_view key) {
  const auto dot = key.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == key.size()) return {};
  return key.substr(dot + 1);
}

/// Source code and markup, whose `name = value` lines are program text rather than settings.
bool is_code_file(std::string_view key) {
  const std::string_view ext = extension(key);
  for (std::string_view code : {"py", "js",     "mjs",  "ts",  "sh",  "bash", "rb",    "go",  "java", "lua", "php",
                                "pl", "groovy", "html", "htm", "tpl", "j2",   "jinja", "sql", "ps1",  "rego"}) {
    if (ext == code) return true;
  }
  return false;
}

/// Configuration file formats, whose settings are judged one by one.
bool is_config_file(std::string_view key) {
  const std::string_view ext = extension(key);
  for (std::string_view config :
       {"yaml", "yml", "json", "toml", "ini", "conf", "cfg", "cnf", "properties", "xml", "hcl", "env"}) {
    if (ext == config) return true;
  }
  return false;
}

class SensitiveDataInConfigmap final : public BasicRule {
 public:
  SensitiveDataInConfigmap() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"", "ConfigMap"}}); }
  void configure(const Options& options) override {
    names_ = SensitiveNames(options);
    credentials_ = CredentialScanner(options);
  }

  void check(const Resource& r, Context& ctx) const override {
    for (std::string_view field : {"data", "binaryData"}) {
      const bool binary = field == "binaryData";
      for (const Entry e : r.root()[field].entries()) {
        if (!e.value.is_scalar()) continue;
        const std::string_view key = e.key.str();
        const FieldPath path = FieldPath{}.key(field).key(key);
        const std::string decoded = binary ? base64_decode(e.value.str()) : std::string{};
        const std::string_view value = binary ? std::string_view(decoded) : e.value.str();
        if (const std::string kind = credentials_.find(value); !kind.empty()) {
          ctx.report(r, e.value, path, fmt::format("key \"{}\" holds {}", key, kind));
          continue;
        }
        // A script or configuration file is judged by what it holds, not by the words in its name.
        const bool code = is_code_file(key);
        const bool file = code || is_config_file(key);
        if (!file && names_.matches(key) && (binary ? !value.empty() : !harmless_literal(value))) {
          ctx.report(r, e.key, path,
                     fmt::format("key \"{}\" looks sensitive: secrets do not belong in a ConfigMap", key));
          continue;
        }
        if (binary || code || (!file && value.find('\n') == std::string_view::npos)) continue;
        if (const auto setting = sensitive_setting(value, names_)) {
          ctx.report(r, e.value, path,
                     fmt::format("key \"{}\" sets {} on line {} of its content to a literal value", key, setting->name,
                                 setting->line));
        }
      }
    }
  }

 private:
  SensitiveNames names_;
  CredentialScanner credentials_;
};

}  // namespace

std::unique_ptr<Rule> make_sensitive_data_in_configmap() { return std::make_unique<SensitiveDataInConfigmap>(); }

}  // namespace shipshape::rules
