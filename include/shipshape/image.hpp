// Container image references: parsing `registry[:port]/repo/path[:tag][@digest]`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shipshape {

/// A parsed container image reference, normalised the way container runtimes read it:
/// `nginx` is `docker.io/library/nginx`, `localhost:5000/app` lives on `localhost:5000`.
struct ImageReference {
  std::string registry;            // host with optional port, lower-case: `docker.io`, `localhost:5000`
  std::string repository;          // path inside the registry: `library/nginx`, `org/team/app`
  std::string tag;                 // empty when the reference has none
  std::string digest;              // `sha256:<hex>`; empty when the reference has none
  bool explicit_registry = false;  // whether the text named the registry itself

  /// Parses a reference following the grammar of the distribution project (the one Docker,
  /// containerd and CRI-O share). Returns nothing for text that is not a reference, such as
  /// unexpanded template variables (`${IMAGE}`, `{{ .Values.image }}`), `ko://` paths or
  /// upper-case repository names.
  static std::optional<ImageReference> parse(std::string_view text);

  /// `registry/repository` without tag or digest.
  [[nodiscard]] std::string name() const;
  /// The whole normalised reference: `docker.io/library/nginx:latest@sha256:...`.
  [[nodiscard]] std::string str() const;
};

/// Whether `pattern` from an allow list covers the image. A pattern is a registry host
/// (`ghcr.io`, `localhost:5000`, `*.gcr.io` for any subdomain) optionally followed by a
/// repository prefix that must end at a path boundary (`ghcr.io/acme` covers `ghcr.io/acme/app`
/// but not `ghcr.io/acme-labs/app`). Hosts compare case-insensitively; `index.docker.io` and
/// `registry-1.docker.io` are `docker.io`, and `docker.io/nginx` means `docker.io/library/nginx`.
[[nodiscard]] bool registry_pattern_matches(std::string_view pattern, const ImageReference& image);

}  // namespace shipshape
