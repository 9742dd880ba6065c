// Recognising secrets by name and credentials by shape.
#include "rules/sensitive.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace shipshape::rules {
namespace {

bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(char c) noexcept { return is_upper(c) || is_lower(c) || is_digit(c); }
char lower(char c) noexcept { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

/// The password of a `scheme://user:password@host` URL starting at `scheme_end` (the
/// position of `://`), or empty.
std::string_view url_password(std::string_view text, std::size_t scheme_end) noexcept {
  const std::size_t start = scheme_end + 3;
  std::size_t end = start;
  while (end < text.size() && end - start < 512) {
    const char c = text[end];
    if (c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == ' ' || c == '\n' || c == '\t' || c == '\\' ||
        c == ',' || c == ';') {
      break;
    }
    ++end;
  }
  const std::string_view authority = text.substr(start, end - start);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return {};
  const std::string_view userinfo = authority.substr(0, at);
  const auto colon = userinfo.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  return userinfo.substr(colon + 1);
}

bool placeholder_password(std::string_view p) noexcept {
  return p.empty() || p.front() == '$' || p.front() == '{' || p.front() == '<' || p.front() == '%' ||
         p.front() == '*' || p.front() == '[';
}

/// `prefix` followed by at least `min` characters accepted by `ok`, not glued to a word on
/// either side.
template <typename Ok>
bool token_at(std::string_view text, std::string_view prefix, std::size_t min, std::size_t max, Ok ok,
              std::size_t* length = nullptr) {
  std::size_t pos = 0;
  while ((pos = text.find(prefix, pos)) != std::string_view::npos) {
    const bool left_ok = pos == 0 || !is_alnum(text[pos - 1]);
    std::size_t end = pos + prefix.size();
    while (end < text.size() && ok(text[end]) && end - pos - prefix.size() < max) ++end;
    const std::size_t n = end - pos - prefix.size();
    const bool right_ok = end == text.size() || !is_alnum(text[end]);
    if (left_ok && right_ok && n >= min) {
      if (length) *length = end - pos;
      return true;
    }
    pos += prefix.size();
  }
  return false;
}

bool aws_key_id(std::string_view text) {
  for (std::string_view prefix : {"AKIA", "ASIA", "ABIA", "ACCA"}) {
    std::size_t pos = 0;
    while ((pos = text.find(prefix, pos)) != std::string_view::npos) {
      const bool left_ok = pos == 0 || !is_alnum(text[pos - 1]);
      const std::size_t end = pos + 20;
      if (left_ok && end <= text.size() && (end == text.size() || !is_alnum(text[end]))) {
        const std::string_view key = text.substr(pos, 20);
        const bool shape = std::all_of(key.begin(), key.end(), [](char c) { return is_upper(c) || is_digit(c); });
        if (shape && !key.ends_with("EXAMPLE")) return true;
      }
      pos += prefix.size();
    }
  }
  return false;
}

bool pem_private_key(std::string_view text) {
  std::size_t pos = 0;
  while ((pos = text.find("-----BEGIN ", pos)) != std::string_view::npos) {
    const auto end = text.find("-----", pos + 11);
    if (end == std::string_view::npos) return false;
    if (text.substr(pos, end - pos).find("PRIVATE KEY") != std::string_view::npos) return true;
    pos = end;
  }
  return false;
}

bool jwt(std::string_view text) {
  auto b64url = [](char c) { return is_alnum(c) || c == '-' || c == '_'; };
  std::size_t pos = 0;
  while ((pos = text.find("eyJ", pos)) != std::string_view::npos) {
    std::size_t i = pos;
    int parts = 0;
    while (parts < 3) {
      const std::size_t start = i;
      while (i < text.size() && b64url(text[i])) ++i;
      if (i - start < 10) break;
      ++parts;
      if (parts < 3) {
        if (i >= text.size() || text[i] != '.') break;
        ++i;
        if (parts == 1 && text.substr(i, 3) != "eyJ") break;
      }
    }
    if (parts == 3) return true;
    pos += 3;
  }
  return false;
}

}  // namespace

OptionInfo sensitive_names_option() {
  return {
      "sensitive-names", OptionType::string_list,
      R"(["passw(or)?d", "passphrase", "\\bpass$", ". pwd$", "secret", "token\\b", "api ?keys?\\b", )"
      R"("private ?keys?\\b", "access ?keys?\\b", "secret ?keys?\\b", "signing ?keys?\\b", )"
      R"("encryption ?keys?\\b", "session ?keys?\\b", "master ?keys?\\b", "auth ?keys?\\b", "\\b(tls|ssl) key$", )"
      R"("credentials?\\b", "connection ?string", "^id (rsa|dsa|ecdsa|ed25519)$"])",
      "regular expressions (RE2 syntax, case-insensitive) that make a name sensitive; they are searched in the name "
      "normalised to lower-case words separated by spaces (`dbPassword_FILE` is `db password file`). "
      "`token` is singular on purpose: `MAX_TOTAL_TOKENS` counts tokens of a language model"};
}

OptionInfo ignored_names_option() {
  return {"ignored-names", OptionType::string_list,
          R"(["\\b(file|path|dir|directory|name|ref|url|uri|endpoint|id|ttl|expiry|expiration|timeout|duration|)"
          R"(interval|period|length|size|enabled|header|audience|issuer|type|mode|format|location|namespace|mount|)"
          R"(version|algorithm|lifetime|store|provider|env)s?$", )"
          R"("\\b(credentials?|tls|certs?|certificate|ca|existing) secret$", "\\b(html?|css|js|svg|png|md)$", )"
          R"("^passwd$", "^(enable|disable|use|skip|allow|require|generate|rotate)\\b", "initial cluster token"])",
          "regular expressions for names that talk about a secret without holding one (`SECRET_NAME`, "
          "`TOKEN_PATH`, `ENABLE_TOKEN_AUTH`, `credentialsSecret` naming a Secret, etcd's "
          "`INITIAL_CLUSTER_TOKEN`, a `secret.html` page, `passwd` the account database); matched the same "
          "way and checked after `sensitive-names`"};
}

OptionInfo extra_credentials_option() {
  return {"extra-credential-patterns", OptionType::string_list, "[]",
          "further regular expressions (RE2 syntax) for credential-shaped values, searched line by line, in "
          "addition to the built-in shapes"};
}

SensitiveNames::SensitiveNames(const Options& options) {
  const auto sensitive = options.get_list("sensitive-names");
  const auto ignored = options.get_list("ignored-names");
  any_ = !sensitive.empty();
  any_ignored_ = !ignored.empty();
  sensitive_ = Pattern::any_of(sensitive, true, "sensitive-names");
  ignored_ = Pattern::any_of(ignored, true, "ignored-names");
}

std::string normalise_name(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_alnum(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (is_upper(c) && i > 0) {
      const char prev = name[i - 1];
      const bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      if ((is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) && !out.empty() && out.back() != ' ') {
        out += ' ';
      }
    }
    out += lower(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool SensitiveNames::matches(std::string_view name) const {
  if (!any_ || name.empty()) return false;
  const std::string n = normalise_name(name);
  if (!sensitive_.search(n)) return false;
  return !(any_ignored_ && ignored_.search(n));
}

bool harmless_literal(std::string_view v) noexcept {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r'))
    v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r'))
    v.remove_suffix(1);
  if (v.empty()) return true;
  for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "null", "none", "~", "nil"}) {
    if (iequals(v, word)) return true;
  }
  const std::string_view digits = v.front() == '-' ? v.substr(1) : v;
  if (!digits.empty() && std::all_of(digits.begin(), digits.end(), is_digit)) return true;
  if (v.front() == '/' || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/")) return true;
  if (v.starts_with("$(") || v.starts_with("${") || v.find("{{") != std::string_view::npos) return true;
  if (v.size() > 4 && v.starts_with("__") && v.ends_with("__")) return true;  // filled in by an installer
  if (v.front() == '$' && v.size() > 1 && (is_alnum(v[1]) || v[1] == '_') &&
      std::all_of(v.begin() + 1, v.end(), [](char c) { return is_alnum(c) || c == '_'; })) {
    return true;
  }
  if (const auto scheme = v.find("://");
      scheme != std::string_view::npos && scheme > 0 &&
      std::all_of(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(scheme),
                  [](char c) { return is_alnum(c) || c == '+' || c == '-' || c == '.'; })) {
    return placeholder_password(url_password(v, scheme)) && v.find('?') == std::string_view::npos;
  }
  return false;
}

CredentialScanner::CredentialScanner(const Options& options) {
  const auto patterns = options.get_list("extra-credential-patterns");
  any_extra_ = !patterns.empty();
  extra_ = Pattern::any_of(patterns, false, "extra-credential-patterns");
}

std::string CredentialScanner::find(std::string_view text) const {
  if (text.size() < 8) return {};
  if (pem_private_key(text)) return "a PEM private key";
  if (aws_key_id(text)) return "an AWS access key ID";
  auto b64url = [](char c) { return is_alnum(c) || c == '-' || c == '_'; };
  auto alnum = [](char c) { return is_alnum(c); };
  if (token_at(text, "AIza", 35, 35, b64url)) return "a Google API key";
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (token_at(text, p, 36, 255, alnum)) return "a GitHub token";
  }
  if (token_at(text, "github_pat_", 22, 255, [](char c) { return is_alnum(c) || c == '_'; })) return "a GitHub token";
  for (std::string_view p : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"}) {
    if (token_at(text, p, 10, 255, [](char c) { return is_alnum(c) || c == '-'; })) return "a Slack token";
  }
  for (std::string_view p : {"sk_live_", "rk_live_"}) {
    if (token_at(text, p, 16, 255, alnum)) return "a Stripe secret key";
  }
  {
    std::size_t pos = 0;
    while ((pos = text.find("AccountKey=", pos)) != std::string_view::npos) {
      pos += 11;
      std::size_t end = pos;
      while (end < text.size() && (is_alnum(text[end]) || text[end] == '+' || text[end] == '/' || text[end] == '='))
        ++end;
      if (end - pos >= 40) return "an Azure storage account key";
    }
  }
  if (jwt(text)) return "a JSON Web Token";
  {
    std::size_t pos = 0;
    while ((pos = text.find("://", pos)) != std::string_view::npos) {
      if (!placeholder_password(url_password(text, pos))) return "a URL with an embedded password";
      pos += 3;
    }
  }
  if (any_extra_) {
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (extra_.search(text.substr(start, end - start))) return "a value matching extra-credential-patterns";
      start = end + 1;
    }
  }
  return {};
}

}  // namespace shipshape::rules
