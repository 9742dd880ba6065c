// Recognising secrets by name and credentials by shape.
#include "rules/sensitive.hpp"

#include <algorithm>
#include <array>
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

/// A pattern with its letters lower-cased (not the one after a backslash, which makes an
/// escape such as \\b or \\S). Names are matched lower-cased, so this keeps the patterns
/// case-insensitive without std::regex::icase, which makes every character go through the
/// locale and costs most of the matching time.
std::string fold_case(std::string_view pattern) {
  std::string out(pattern);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\\') {
      ++i;
    } else {
      out[i] = lower(out[i]);
    }
  }
  return out;
}

std::regex compile(const std::vector<std::string>& patterns, std::string_view option) {
  std::string combined;
  for (const auto& p : patterns) {
    try {
      std::regex check(p, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      throw std::invalid_argument(fmt::format("{}: \"{}\" is not a valid regular expression", option, p));
    }
    if (!combined.empty()) combined += '|';
    combined += "(?:" + fold_case(p) + ")";
  }
  return std::regex(combined.empty() ? std::string("$^") : combined, std::regex::ECMAScript | std::regex::optimize);
}

/// A run of plain characters that every match of `pattern` contains, or empty when there is
/// none that is easy to prove (a top-level alternative, only escapes and groups...). Used to
/// skip the regular expression for the many names that cannot match.
std::string required_literal(std::string_view pattern) {
  std::string best;
  std::string run;
  int depth = 0;
  bool in_class = false;
  auto flush = [&] {
    if (run.size() > best.size()) best = run;
    run.clear();
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (in_class) {
      if (c == '\\') ++i;
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '\\') {
      flush();
      ++i;
      continue;
    }
    if (c == '[') {
      flush();
      in_class = true;
      continue;
    }
    if (c == '(') {
      flush();
      ++depth;
      continue;
    }
    if (c == ')') {
      --depth;
      // A quantifier after a group makes nothing inside it required; nothing to undo here.
      continue;
    }
    if (c == '|' && depth == 0) return {};  // alternatives: no single required run
    if (c == '?' || c == '*' || c == '{') {
      // The previous character may be absent (or repeated): it leaves the run.
      if (!run.empty()) run.pop_back();
      flush();
      if (c == '{') {
        while (i + 1 < pattern.size() && pattern[i] != '}') ++i;
      }
      continue;
    }
    if (c == '+') {
      flush();
      continue;
    }
    if (depth > 0 || c == '.' || c == '^' || c == '$' || c == '|') {
      flush();
      continue;
    }
    run += lower(c);
  }
  flush();
  return best;
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

/// One bit per lower-case letter or digit that `s` holds.
std::uint64_t char_mask(std::string_view s) noexcept {
  std::uint64_t mask = 0;
  for (const char c : s) {
    if (is_lower(c)) mask |= std::uint64_t{1} << (c - 'a');
    if (is_digit(c)) mask |= std::uint64_t{1} << (26 + c - '0');
  }
  return mask;
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
  return {"sensitive-names", OptionType::string_list,
          R"(["passw(or)?d", "passphrase", "\\bpass$", ". pwd$", "secret", "token\\b", "api ?keys?\\b", )"
          R"("private ?keys?\\b", "access ?keys?\\b", "secret ?keys?\\b", "signing ?keys?\\b", )"
          R"("encryption ?keys?\\b", "session ?keys?\\b", "master ?keys?\\b", "auth ?keys?\\b", "\\b(tls|ssl) key$", )"
          R"("credentials?\\b", "connection ?string", "^id (rsa|dsa|ecdsa|ed25519)$"])",
          "regular expressions (case-insensitive) that make a name sensitive; they are searched in the name "
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
          "further regular expressions for credential-shaped values (searched line by line in lines up to "
          "8 KiB), in addition to the built-in shapes"};
}

SensitiveNames::SensitiveNames(const Options& options) {
  const auto sensitive = options.get_list("sensitive-names");
  const auto ignored = options.get_list("ignored-names");
  any_ = !sensitive.empty();
  any_ignored_ = !ignored.empty();
  sensitive_ = compile(sensitive, "sensitive-names");
  ignored_ = compile(ignored, "ignored-names");
  for (const auto& p : sensitive) {
    std::string literal = required_literal(p);
    if (literal.empty()) {
      literals_.clear();  // one pattern without a required run: always run the expression
      break;
    }
    literals_.push_back(std::move(literal));
  }
  for (const auto& l : literals_) {
    std::string squashed;
    for (const char c : l) {
      if (c != ' ') squashed.push_back(c);
    }
    masks_.push_back(char_mask(squashed));
    squashed_.push_back(std::move(squashed));
  }
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
  if (!squashed_.empty() && name.size() <= 64) {
    // Before normalising: a name holds a required run only if its letters and digits,
    // lower-cased and run together, hold that run without its spaces. Most names do not.
    char buffer[64];
    std::size_t length = 0;
    for (const char c : name) {
      if (is_alnum(c)) buffer[length++] = lower(c);
    }
    const std::string_view squashed(buffer, length);
    const std::uint64_t present = char_mask(squashed);
    // A plain loop: string_view::find costs more than the search itself on names this short.
    auto holds = [&](std::string_view l) {
      if (l.empty()) return true;
      for (std::size_t i = 0; i + l.size() <= squashed.size(); ++i) {
        if (squashed[i] == l[0] && squashed.compare(i, l.size(), l) == 0) return true;
      }
      return false;
    };
    bool possible = false;
    for (std::size_t i = 0; i < squashed_.size() && !possible; ++i) {
      // A run can only be there if each of its characters is.
      possible = (masks_[i] & ~present) == 0 && holds(squashed_[i]);
    }
    if (!possible) return false;
  }
  const std::string n = normalise_name(name);
  if (!literals_.empty() && std::none_of(literals_.begin(), literals_.end(),
                                         [&](const std::string& l) { return n.find(l) != std::string::npos; })) {
    return false;
  }
  if (!std::regex_search(n, sensitive_)) return false;
  return !(any_ignored_ && std::regex_search(n, ignored_));
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
  for (const auto& p : options.get_list("extra-credential-patterns")) {
    try {
      extra_.emplace_back(p, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error&) {
      throw std::invalid_argument(
          fmt::format("extra-credential-patterns: \"{}\" is not a valid regular expression", p));
    }
  }
}

std::string CredentialScanner::find(std::string_view text) const {
  if (text.size() < 8) return {};
  // One pass notes which shapes can occur at all (each needs its marker); only those are
  // looked for below, in the same order. Most values have none, and each search is a pass.
  // The pass stops only at rare anchor characters of the markers: `-` (PEM), `A` (AWS, Google,
  // Azure), `_` (GitHub, Stripe), `x` (Slack), `J` (JWT) and `:` (URLs).
  static constexpr auto kAnchors = [] {
    std::array<bool, 256> anchors{};
    for (const char c : std::string_view("-A_xJ:")) anchors[static_cast<unsigned char>(c)] = true;
    return anchors;
  }();
  bool pem = false, aws = false, google = false, github = false, slack = false, stripe = false, azure = false,
       token = false, url = false;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!kAnchors[static_cast<unsigned char>(text[i])]) continue;
    const char next = i + 1 < n ? text[i + 1] : '\0';
    switch (text[i]) {
      case '-':
        pem = pem || text.compare(i, 11, "-----BEGIN ") == 0;
        break;
      case 'A':
        aws = aws || next == 'K' || next == 'S' || next == 'B' || next == 'C';
        google = google || next == 'I';
        azure = azure || next == 'c';
        break;
      case '_':  // gh?_ and github_pat_; sk_live_ and rk_live_
        github = github || (i >= 3 && text[i - 3] == 'g' && text[i - 2] == 'h') ||
                 (i >= 6 && text.compare(i - 6, 7, "github_") == 0);
        stripe = stripe || text.compare(i, 6, "_live_") == 0;
        break;
      case 'x':
        slack = slack || (next == 'o' && i + 2 < n && text[i + 2] == 'x');
        break;
      case 'J':
        token = token || (i >= 2 && text[i - 2] == 'e' && text[i - 1] == 'y');
        break;
      case ':':
        url = url || (next == '/' && i + 2 < n && text[i + 2] == '/');
        break;
      default:
        break;
    }
  }
  if (pem && pem_private_key(text)) return "a PEM private key";
  if (aws && aws_key_id(text)) return "an AWS access key ID";
  auto b64url = [](char c) { return is_alnum(c) || c == '-' || c == '_'; };
  auto alnum = [](char c) { return is_alnum(c); };
  if (google && token_at(text, "AIza", 35, 35, b64url)) return "a Google API key";
  if (github) {
    for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
      if (token_at(text, p, 36, 255, alnum)) return "a GitHub token";
    }
    if (token_at(text, "github_pat_", 22, 255, [](char c) { return is_alnum(c) || c == '_'; })) {
      return "a GitHub token";
    }
  }
  if (slack) {
    for (std::string_view p : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"}) {
      if (token_at(text, p, 10, 255, [](char c) { return is_alnum(c) || c == '-'; })) return "a Slack token";
    }
  }
  if (stripe) {
    for (std::string_view p : {"sk_live_", "rk_live_"}) {
      if (token_at(text, p, 16, 255, alnum)) return "a Stripe secret key";
    }
  }
  if (azure) {
    std::size_t pos = 0;
    while ((pos = text.find("AccountKey=", pos)) != std::string_view::npos) {
      pos += 11;
      std::size_t end = pos;
      while (end < text.size() && (is_alnum(text[end]) || text[end] == '+' || text[end] == '/' || text[end] == '='))
        ++end;
      if (end - pos >= 40) return "an Azure storage account key";
    }
  }
  if (token && jwt(text)) return "a JSON Web Token";
  if (url) {
    std::size_t pos = 0;
    while ((pos = text.find("://", pos)) != std::string_view::npos) {
      if (!placeholder_password(url_password(text, pos))) return "a URL with an embedded password";
      pos += 3;
    }
  }
  if (!extra_.empty()) {
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(start, end - start);
      if (line.size() <= 8192) {
        for (const auto& re : extra_) {
          if (std::regex_search(line.begin(), line.end(), re)) return "a value matching extra-credential-patterns";
        }
      }
      start = end + 1;
    }
  }
  return {};
}

}  // namespace shipshape::rules
