// Parsing and matching container image references.
#include "shipshape/image.hpp"

#include <algorithm>
#include <cctype>

namespace shipshape {
namespace {

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// alpha-numeric (separator alpha-numeric)*, separator: `.`, `_`, `__` or a run of `-`.
bool valid_path_component(std::string_view s) {
  if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back())) return false;
  for (std::size_t i = 0; i < s.size();) {
    if (lower_alnum(s[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && !lower_alnum(s[j])) ++j;
    const std::string_view sep = s.substr(i, j - i);
    const bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (sep != "." && sep != "_" && sep != "__" && !dashes) return false;
    i = j;
  }
  return true;
}

bool valid_domain(std::string_view s) {
  if (s.empty()) return false;
  std::string_view host = s;
  if (host.front() == '[') {  // [IPv6]:port
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    for (char c : host.substr(1, close - 1)) {
      if (!hex(c) && c != ':' && c != '.') return false;
    }
    const std::string_view rest = host.substr(close + 1);
    if (rest.empty()) return true;
    if (rest.front() != ':' || rest.size() == 1) return false;
    return std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  const auto colon = host.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (port.empty() || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    host = host.substr(0, colon);
  }
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t end = host.find('.', i);
    if (end == std::string_view::npos) end = host.size();
    const std::string_view label = host.substr(i, end - i);
    if (label.empty() || !alnum(label.front()) || !alnum(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return alnum(c) || c == '-'; })) return false;
    i = end + 1;
  }
  return true;
}

bool valid_tag(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  auto word = [](char c) { return alnum(c) || c == '_'; };
  if (!word(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

bool valid_digest(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view algorithm = s.substr(0, colon);
  const std::string_view encoded = s.substr(colon + 1);
  if (!std::isalpha(static_cast<unsigned char>(algorithm.front()))) return false;
  for (char c : algorithm) {
    if (!alnum(c) && c != '+' && c != '.' && c != '_' && c != '-') return false;
  }
  if (encoded.size() < 32 || !std::all_of(encoded.begin(), encoded.end(), hex)) return false;
  if (algorithm == "sha256" && encoded.size() != 64) return false;
  if (algorithm == "sha512" && encoded.size() != 128) return false;
  return true;
}

std::string canonical_registry(std::string_view host) {
  std::string h = lower(host);
  if (h == "index.docker.io" || h == "registry-1.docker.io") return "docker.io";
  return h;
}

}  // namespace

std::optional<ImageReference> ImageReference::parse(std::string_view text) {
  if (text.empty() || text.size() > 4096) return std::nullopt;
  ImageReference ref;
  std::string_view name = text;
  if (const auto at = name.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(name.substr(at + 1));
    if (!valid_digest(ref.digest)) return std::nullopt;
    name = name.substr(0, at);
  }
  const auto last_slash = name.rfind('/');
  const auto last_colon = name.rfind(':');
  if (last_colon != std::string_view::npos && (last_slash == std::string_view::npos || last_colon > last_slash)) {
    ref.tag = std::string(name.substr(last_colon + 1));
    if (!valid_tag(ref.tag)) return std::nullopt;
    name = name.substr(0, last_colon);
  }
  if (name.empty() || name.size() > 255) return std::nullopt;

  std::string_view remote = name;
  const auto first_slash = name.find('/');
  if (first_slash != std::string_view::npos) {
    const std::string_view first = name.substr(0, first_slash);
    const bool is_domain = first.find_first_of(".:") != std::string_view::npos || first == "localhost" ||
                           std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (is_domain) {
      if (!valid_domain(first)) return std::nullopt;
      ref.registry = canonical_registry(first);
      // A host told from a Docker Hub namespace only by its capitals keeps them, as the container
      // runtimes keep it: lower-cased, `Registry/app` would read as docker.io/registry/app.
      if (ref.registry.find_first_of(".:") == std::string::npos && ref.registry != "localhost") {
        ref.registry = std::string(first);
      }
      ref.explicit_registry = true;
      remote = name.substr(first_slash + 1);
    }
  }
  if (ref.registry.empty()) ref.registry = "docker.io";

  std::size_t i = 0;
  while (i <= remote.size()) {
    std::size_t end = remote.find('/', i);
    if (end == std::string_view::npos) end = remote.size();
    if (!valid_path_component(remote.substr(i, end - i))) return std::nullopt;
    i = end + 1;
  }
  ref.repository = std::string(remote);
  if (ref.registry == "docker.io" && remote.find('/') == std::string_view::npos) {
    ref.repository = "library/" + ref.repository;
  }
  // The limit of 255 holds for the normalised name, as the container runtimes apply it.
  if (ref.registry.size() + 1 + ref.repository.size() > 255) return std::nullopt;
  return ref;
}

std::string ImageReference::name() const { return registry + "/" + repository; }

std::string ImageReference::str() const {
  std::string out = name();
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

bool registry_pattern_matches(std::string_view pattern, const ImageReference& image) {
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  if (pattern.empty()) return false;
  const auto slash = pattern.find('/');
  const std::string_view host_pattern = pattern.substr(0, slash);
  std::string path_prefix = slash == std::string_view::npos ? std::string{} : std::string(pattern.substr(slash + 1));

  const std::string host = canonical_registry(host_pattern);
  if (host.rfind("*.", 0) == 0) {
    const std::string_view suffix = std::string_view(host).substr(1);  // `.gcr.io`
    std::string_view registry = image.registry;
    if (const auto colon = registry.find(':'); colon != std::string_view::npos) registry = registry.substr(0, colon);
    if (registry.size() <= suffix.size() || registry.substr(registry.size() - suffix.size()) != suffix) return false;
  } else if (host != lower(image.registry)) {
    return false;
  }
  if (path_prefix.empty()) return true;
  if (host == "docker.io" && path_prefix.find('/') == std::string::npos && image.repository.rfind("library/", 0) == 0 &&
      path_prefix != "library") {
    path_prefix = "library/" + path_prefix;  // `docker.io/nginx` names the official image
  }
  const std::string& repo = image.repository;
  if (repo.size() < path_prefix.size() || repo.compare(0, path_prefix.size(), path_prefix) != 0) return false;
  return repo.size() == path_prefix.size() || repo[path_prefix.size()] == '/';
}

}  // namespace shipshape
