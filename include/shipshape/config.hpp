// Configuration: rules on and off, severities, options, namespaces, custom workload kinds,
// exemptions. Read from a YAML file or built in code.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/finding.hpp"
#include "shipshape/parser.hpp"
#include "shipshape/resource.hpp"
#include "shipshape/value.hpp"

namespace shipshape {

/// A bad configuration: the message names the file and line.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A Kubernetes minor version such as 1.31.
struct KubernetesVersion {
  int major = 1;
  int minor = 0;

  /// Parses `1.31`, `v1.31` or `1.31.2` (the patch is ignored).
  static std::optional<KubernetesVersion> parse(std::string_view text) noexcept;
  /// The newest minor version the built-in tables know.
  static KubernetesVersion newest() noexcept { return {1, 34}; }
  [[nodiscard]] std::string str() const;
  friend bool operator==(const KubernetesVersion& a, const KubernetesVersion& b) noexcept {
    return a.major == b.major && a.minor == b.minor;
  }
  friend bool operator!=(const KubernetesVersion& a, const KubernetesVersion& b) noexcept { return !(a == b); }
  friend bool operator<(const KubernetesVersion& a, const KubernetesVersion& b) noexcept {
    return a.major != b.major ? a.major < b.major : a.minor < b.minor;
  }
  friend bool operator>(const KubernetesVersion& a, const KubernetesVersion& b) noexcept { return b < a; }
  friend bool operator<=(const KubernetesVersion& a, const KubernetesVersion& b) noexcept { return !(b < a); }
  friend bool operator>=(const KubernetesVersion& a, const KubernetesVersion& b) noexcept { return !(a < b); }
};

/// Settings of one rule.
struct RuleConfig {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
  Value options;  // a mapping of option name to value, or absent
  Value where;    // the node that configured the rule, for error messages
};

/// Suppresses rules for objects matching every glob given (`*` and `?`).
struct Exemption {
  std::vector<std::string> rules;  // rule ids; empty or `all` means every rule
  std::string kind = "*";
  std::string ns = "*";
  std::string name = "*";
  std::string reason;

  [[nodiscard]] bool matches_object(const Resource& r) const noexcept;
  [[nodiscard]] bool covers_rule(std::string_view rule_id) const noexcept;
};

/// Inputs larger than this are not read (a `yaml-syntax` finding says so) unless the
/// configuration sets another limit: ten times the largest real manifest bundles, and a bound on
/// what `check - < /dev/zero` can take.
inline constexpr std::uint64_t kDefaultMaxInputBytes = std::uint64_t{256} << 20;
/// The highest limit that may be set (offsets within an input are 32-bit).
inline constexpr std::uint64_t kMaxInputBytesCeiling = 2'000'000'000ULL;

/// What cross-resource rules (selectors, references, duplicate-object...) see of a run.
enum class ApplicationScope : std::uint8_t {
  /// The objects of the same application: the files under the nearest enclosing directory
  /// that holds an application marker (Config::application_markers). Files under no such
  /// directory form one run-wide application.
  directory,
  /// Every object of the run, as one application.
  run,
};

/// The file names that make a directory an application root unless configured otherwise:
/// kustomize's three names for a kustomization and Helm's `Chart.yaml`.
[[nodiscard]] std::vector<std::string> default_application_markers();

/// Everything a run can be told. Defaults give the built-in behaviour.
struct Config {
  std::string file;  // where it came from, for messages
  std::string default_namespace = "default";
  KubernetesVersion kubernetes_version = KubernetesVersion::newest();
  Parser parser = Parser::automatic;  // YAML front end (`parser:` in the file)
  std::map<std::string, RuleConfig, std::less<>> rules;
  std::vector<WorkloadKind> custom_workloads;  // added to the built-in workload kinds
  std::vector<Exemption> exemptions;
  /// Inputs (files, stdin, texts) larger than this many bytes are not checked; each is a
  /// `yaml-syntax` finding instead. Configuration key `maxInputSize`, option --max-input-size.
  std::uint64_t max_input_bytes = kDefaultMaxInputBytes;
  /// Directories of JSON Schemas for custom resources (`<group>/<kind lower-case>_<version>.json`,
  /// the layout of the community CRD catalogues), searched in order.
  std::vector<std::string> schema_directories;
  /// Configuration key `applicationScope`, option --application-scope. See docs/applications.md.
  ApplicationScope application_scope = ApplicationScope::directory;
  /// File names that make their directory an application root (configuration key
  /// `applicationMarkers`, option --application-marker); they replace the defaults.
  std::vector<std::string> application_markers = default_application_markers();
  /// Glob patterns (`*`, `?`, `[...]`; `*` stays within one path segment) of directories that
  /// are application roots whatever they hold, e.g. `samples/*` for a repository of samples
  /// without kustomizations. Relative to `application_roots_base` (configuration key
  /// `applicationRoots`, relative to the configuration file; option --application-root,
  /// relative to the working directory).
  std::vector<std::string> application_roots;
  /// The directory `application_roots` are relative to; empty for the working directory.
  std::string application_roots_base;

  // Command-line style overrides, applied after `rules`.
  std::vector<std::string> enable;   // turn these rules on
  std::vector<std::string> disable;  // turn these rules off
  std::vector<std::string> only;     // when not empty, run exactly these rules

  /// Parses a configuration file. Throws ConfigError (with file and line) on an unknown
  /// key, a wrong type or a bad value. Rule ids and options are checked by the Engine.
  static Config load(const std::string& path);
  static Config parse(std::string_view yaml, const std::string& name = "<config>");
  /// `.shipshape.yaml` (or `.shipshape.yml`) in `start` or the nearest parent directory.
  static std::optional<std::string> discover(const std::string& start);

  /// Keeps the parsed file alive for the Values above.
  std::shared_ptr<const Tree> tree;
};

/// Reads a size for `maxInputSize` / --max-input-size: a number of bytes or a quantity such as
/// `512Mi` or `1G`, from 1 byte to kMaxInputBytesCeiling. Returns nothing otherwise.
[[nodiscard]] std::optional<std::uint64_t> parse_input_size(std::string_view text) noexcept;

/// `directory` or `run`; nothing for anything else.
[[nodiscard]] std::optional<ApplicationScope> parse_application_scope(std::string_view text) noexcept;

/// Formats `file:line:col: message` for a configuration problem at `where`.
[[nodiscard]] std::string config_location(const Config& config, Value where);

}  // namespace shipshape
