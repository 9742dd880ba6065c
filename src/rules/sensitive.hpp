// Recognising secrets by name (env vars, ConfigMap keys) and credentials by shape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/pattern.hpp"
#include "shipshape/rule.hpp"

namespace shipshape::rules {

/// The options both secret rules declare, with their defaults (YAML text).
[[nodiscard]] OptionInfo sensitive_names_option();
[[nodiscard]] OptionInfo ignored_names_option();
[[nodiscard]] OptionInfo extra_credentials_option();

/// Words like "password" or "api key" in a name, minus names that merely talk about a secret
/// (`SECRET_NAME`, `TOKEN_PATH`, `PASSWORD_MIN_LENGTH`...). Patterns are RE2 regular
/// expressions (linear time whatever the name's length), case-insensitive, searched in the name normalised to
/// lower-case words separated by single spaces (`dbPassword_FILE` becomes `db password file`).
class SensitiveNames {
 public:
  SensitiveNames() = default;
  /// Reads `sensitive-names` and `ignored-names`. Throws OptionError on a bad pattern.
  explicit SensitiveNames(const Options& options);
  [[nodiscard]] bool matches(std::string_view name) const;

 private:
  Pattern sensitive_;
  Pattern ignored_;
  bool any_ = false;
  bool any_ignored_ = false;
};

/// `dbPassword_FILE` -> `db password file`.
[[nodiscard]] std::string normalise_name(std::string_view name);

/// A literal that cannot itself be a secret: empty, a boolean, a number, a path, a URL without
/// a password, a reference to something else (`$(VAR)`, `${VAR}`, `{{ ... }}`), or an installer's
/// `__PLACEHOLDER__`.
[[nodiscard]] bool harmless_literal(std::string_view value) noexcept;

/// Describes the first credential found in a value (`a PEM private key`, `an AWS access key
/// ID`...), or returns empty. Linear scans, safe on large values.
class CredentialScanner {
 public:
  CredentialScanner() = default;
  /// Reads `extra-credential-patterns`. Throws OptionError on a bad pattern.
  explicit CredentialScanner(const Options& options);
  [[nodiscard]] std::string find(std::string_view text) const;

 private:
  Pattern extra_;
  bool any_extra_ = false;
};

}  // namespace shipshape::rules
