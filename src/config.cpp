// Reading the configuration file.
#include "shipshape/config.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "parse.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/quantity.hpp"

namespace shipshape {

std::optional<KubernetesVersion> KubernetesVersion::parse(std::string_view text) noexcept {
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  KubernetesVersion v;
  std::size_t i = 0;
  auto number = [&](int& out) {
    const std::size_t start = i;
    out = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 4) out = out * 10 + (text[i++] - '0');
    return i > start;
  };
  if (!number(v.major) || i >= text.size() || text[i] != '.') return std::nullopt;
  ++i;
  if (!number(v.minor)) return std::nullopt;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    int patch = 0;
    if (!number(patch) || i != text.size()) return std::nullopt;
  }
  if (v.major != 1) return std::nullopt;
  return v;
}

std::string KubernetesVersion::str() const { return fmt::format("{}.{}", major, minor); }

std::vector<std::string> default_application_markers() {
  return {"kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml"};
}

std::optional<ApplicationScope> parse_application_scope(std::string_view text) noexcept {
  if (text == "directory") return ApplicationScope::directory;
  if (text == "run") return ApplicationScope::run;
  return std::nullopt;
}

std::optional<std::uint64_t> parse_input_size(std::string_view text) noexcept {
  const auto q = Quantity::parse(text);
  if (!q || q->negative() || q->is_zero()) return std::nullopt;
  const std::int64_t units = q->units();
  if (units <= 0 || static_cast<std::uint64_t>(units) > kMaxInputBytesCeiling) return std::nullopt;
  return static_cast<std::uint64_t>(units);
}

namespace {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative `*` / `?` matching with backtracking to the last star.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool Exemption::matches_object(const Resource& r) const noexcept {
  return glob_match(kind, r.kind()) && glob_match(ns, r.ns()) && glob_match(name, r.name());
}

bool Exemption::covers_rule(std::string_view rule_id) const noexcept {
  if (rules.empty()) return true;
  for (const auto& r : rules) {
    if (r == rule_id || r == "all") return true;
  }
  return false;
}

std::string config_location(const Config& config, Value where) {
  if (!where) return config.file;
  const auto p = where.position();
  return fmt::format("{}:{}:{}", config.file, p.line, p.column);
}

namespace {

class ConfigReader {
 public:
  explicit ConfigReader(Config& config) : config_(config) {}

  [[noreturn]] void fail(Value where, std::string_view message) const {
    throw ConfigError(fmt::format("{}: {}", config_location(config_, where), message));
  }

  std::string string(Value v, std::string_view what) const {
    if (!v.is_scalar() || v.str().empty()) fail(v, fmt::format("{} must be a non-empty string", what));
    return std::string(v.str());
  }

  std::vector<std::string> string_list(Value v, std::string_view what) const {
    std::vector<std::string> out;
    if (v.is_scalar()) {
      out.push_back(string(v, what));
      return out;
    }
    if (!v.is_sequence()) fail(v, fmt::format("{} must be a list of strings", what));
    for (Value item : v.items()) out.push_back(string(item, what));
    return out;
  }

  void check_keys(Value map, std::initializer_list<std::string_view> known, std::string_view what) const {
    if (!map.is_mapping()) fail(map, fmt::format("{} must be a mapping", what));
    for (const Entry e : map.entries()) {
      const auto key = e.key.str();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (auto k : known) list += fmt::format("{}{}", list.empty() ? "" : ", ", k);
        fail(e.key, fmt::format("unknown key \"{}\" in {} (known: {})", key, what, list));
      }
    }
  }

  void read(Value root) {
    if (!root || root.is_null()) return;
    check_keys(root,
               {"namespace", "kubernetesVersion", "maxInputSize", "parser", "rules", "customResources", "exemptions",
                "schemaDirectories", "applicationScope", "applicationMarkers", "applicationRoots"},
               "the configuration");
    if (Value ns = root["namespace"]) config_.default_namespace = string(ns, "namespace");
    if (Value kv = root["kubernetesVersion"]) {
      auto v = KubernetesVersion::parse(kv.str());
      if (!kv.is_scalar() || !v)
        fail(kv, fmt::format("kubernetesVersion \"{}\" is not a version such as 1.31", kv.str()));
      config_.kubernetes_version = *v;
    }
    if (Value size = root["maxInputSize"]) {
      auto bytes = size.is_scalar() ? parse_input_size(size.str()) : std::nullopt;
      if (!bytes) {
        fail(size, fmt::format("maxInputSize \"{}\" is not a size from 1 byte to 2G, such as 512Mi", size.str()));
      }
      config_.max_input_bytes = *bytes;
    }
    if (Value p = root["parser"]) {
      const auto parser = parser_from_name(p.str());
      if (!p.is_scalar() || !parser)
        fail(p, fmt::format("parser \"{}\" is not one of auto, yaml-cpp, libfyaml", p.str()));
      if (!parser_available(*parser)) fail(p, "this build of shipshape has no libfyaml front end");
      config_.parser = *parser;
    }
    if (Value rules = root["rules"]; rules && !rules.is_null()) {
      if (!rules.is_mapping()) fail(rules, "rules must be a mapping of rule id to settings");
      for (const Entry e : rules.entries()) read_rule(e.key, e.value);
    }
    if (Value crs = root["customResources"]; crs && !crs.is_null()) {
      if (!crs.is_sequence()) fail(crs, "customResources must be a list");
      for (Value cr : crs.items()) read_custom_resource(cr);
    }
    if (Value dirs = root["schemaDirectories"]; dirs && !dirs.is_null()) {
      // Relative directories are relative to the configuration file.
      const bool from_file = !config_.file.empty() && config_.file.front() != '<';
      const std::filesystem::path base = std::filesystem::path(config_.file).parent_path();
      for (std::string& dir : string_list(dirs, "schemaDirectories")) {
        const std::filesystem::path p(dir);
        config_.schema_directories.push_back(
            from_file && p.is_relative() && !base.empty() ? (base / p).lexically_normal().string() : dir);
      }
    }
    if (Value scope = root["applicationScope"]) {
      auto parsed = parse_application_scope(scope.is_scalar() ? scope.str() : std::string_view{});
      if (!parsed) fail(scope, fmt::format("applicationScope must be directory or run, not \"{}\"", scope.str()));
      config_.application_scope = *parsed;
    }
    if (Value markers = root["applicationMarkers"]; markers && !markers.is_null()) {
      config_.application_markers = string_list(markers, "applicationMarkers");
      for (const std::string& m : config_.application_markers) {
        if (m.empty() || m.find('/') != std::string::npos || m == "." || m == "..") {
          fail(markers, fmt::format("applicationMarkers: \"{}\" is not a file name", m));
        }
      }
    }
    if (Value roots = root["applicationRoots"]; roots && !roots.is_null()) {
      config_.application_roots = string_list(roots, "applicationRoots");
      for (const std::string& r : config_.application_roots) {
        if (r.empty() || r.front() == '/')
          fail(roots, fmt::format("applicationRoots: \"{}\" is not a relative pattern", r));
      }
      const bool from_file = !config_.file.empty() && config_.file.front() != '<';
      if (from_file) config_.application_roots_base = std::filesystem::path(config_.file).parent_path().string();
    }
    if (Value ex = root["exemptions"]; ex && !ex.is_null()) {
      if (!ex.is_sequence()) fail(ex, "exemptions must be a list");
      for (Value e : ex.items()) read_exemption(e);
    }
  }

 private:
  void read_rule(Value key, Value v) {
    RuleConfig rc;
    rc.where = key;
    const std::string id(key.str());
    if (v.is_scalar()) {
      // Shorthands: `rule: off`, `rule: on`, `rule: error`.
      if (auto b = v.as_bool()) {
        rc.enabled = *b;
      } else if (auto s = parse_severity(v.str())) {
        rc.severity = *s;
        rc.enabled = true;
      } else {
        fail(v, fmt::format("rule {}: expected on, off, a severity or a mapping, not \"{}\"", id, v.str()));
      }
    } else if (v.is_mapping()) {
      check_keys(v, {"enabled", "severity", "options"}, fmt::format("rule {}", id));
      if (Value en = v["enabled"]) {
        auto b = en.as_bool();
        if (!b) fail(en, fmt::format("rule {}: enabled must be true or false", id));
        rc.enabled = *b;
      }
      if (Value sev = v["severity"]) {
        auto s = parse_severity(sev.str());
        if (!s) fail(sev, fmt::format("rule {}: severity must be error, warning or info, not \"{}\"", id, sev.str()));
        rc.severity = *s;
      }
      if (Value opts = v["options"]; opts && !opts.is_null()) {
        if (!opts.is_mapping()) fail(opts, fmt::format("rule {}: options must be a mapping", id));
        rc.options = opts;
      }
    } else if (!v.is_null()) {
      fail(v, fmt::format("rule {}: expected a mapping", id));
    }
    if (!config_.rules.emplace(id, rc).second) fail(key, fmt::format("rule {} is configured twice", id));
  }

  void read_custom_resource(Value cr) {
    check_keys(cr, {"apiVersion", "group", "kind", "podTemplate", "longRunning"}, "a custom resource");
    WorkloadKind wk;
    if (Value av = cr["apiVersion"]) {
      wk.group = std::string(split_api_version(string(av, "apiVersion")).group);
    } else if (Value g = cr["group"]) {
      wk.group = string(g, "group");
    } else {
      fail(cr, "a custom resource needs apiVersion or group");
    }
    wk.kind = string(cr["kind"], "kind");
    const Value tp = cr["podTemplate"];
    if (!tp) fail(cr, "a custom resource needs podTemplate (the dotted path of its pod template, e.g. spec.template)");
    wk.template_path = string(tp, "podTemplate");
    config_.custom_workloads.push_back(std::move(wk));
  }

  void read_exemption(Value e) {
    check_keys(e, {"rules", "kind", "namespace", "name", "reason"}, "an exemption");
    Exemption ex;
    if (Value r = e["rules"]) ex.rules = string_list(r, "rules");
    if (Value k = e["kind"]) ex.kind = string(k, "kind");
    if (Value n = e["namespace"]) ex.ns = string(n, "namespace");
    if (Value n = e["name"]) ex.name = string(n, "name");
    if (Value r = e["reason"]) ex.reason = string(r, "reason");
    config_.exemptions.push_back(std::move(ex));
  }

  Config& config_;
};

}  // namespace

Config Config::parse(std::string_view yaml, const std::string& name) {
  Config config;
  config.file = name;
  auto source = std::make_shared<SourceText>(name, std::string(yaml));
  ParseResult parsed = shipshape::parse(source, format_for(name));
  if (!parsed.problems.empty()) {
    const auto& p = parsed.problems.front();
    const auto pos = source->position(p.offset);
    throw ConfigError(fmt::format("{}:{}:{}: {}", name, pos.line, pos.column, p.message));
  }
  if (parsed.documents.size() > 1) {
    throw ConfigError(fmt::format("{}: a configuration file holds one YAML document", name));
  }
  if (!parsed.documents.empty()) {
    config.tree = parsed.documents.front().tree;
    ConfigReader(config).read(parsed.documents.front().root);
  }
  return config;
}

Config Config::load(const std::string& path) {
  // Only a regular file: a FIFO would block until something writes to it, and a device such as
  // /dev/zero reads as empty or never ends.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw ConfigError(fmt::format("{}: cannot read the configuration: not a regular file", path));
  }
  std::string text;
  try {
    text = read_input(path, 64ULL << 20);
  } catch (const std::exception& e) {
    throw ConfigError(fmt::format("{}: cannot read the configuration: {}", path, e.what()));
  }
  return parse(text, path);
}

std::optional<std::string> Config::discover(const std::string& start) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return std::nullopt;
  while (true) {
    for (const char* name : {".shipshape.yaml", ".shipshape.yml"}) {
      const fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

}  // namespace shipshape
