// Application roots: directories with a kustomization or a Helm chart split a run into applications.
#include "applications.hpp"

#include <algorithm>
#include <filesystem>

#include <fnmatch.h>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "resource_builder.hpp"

namespace shipshape {

namespace {

namespace fs = std::filesystem;

fs::path normal_absolute(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  if (ec) p = fs::path(path);
  p = p.lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();  // `dir/` is `dir`
  return p;
}

/// Whether `path` is `dir` or lies under it (both normal and absolute).
bool within(const std::string& path, const std::string& dir) {
  if (path.size() < dir.size() || path.compare(0, dir.size(), dir) != 0) return false;
  return path.size() == dir.size() || dir.back() == '/' || path[dir.size()] == '/';
}

/// Finds application roots, asking the file system once per directory.
class RootFinder {
 public:
  explicit RootFinder(const RootRules& rules) : rules_(rules) {
    if (!rules.patterns.empty()) base_ = normal_absolute(rules.base.empty() ? "." : rules.base).string();
  }

  /// The nearest directory from `dir` up to `bound` (included) that holds a marker; empty if
  /// none. `dir` must be `bound` or under it.
  std::string root_of(const fs::path& dir, const std::string& bound) {
    fs::path d = dir;
    while (true) {
      const std::string s = d.string();
      if (has_marker(s)) return s;
      if (s.size() <= bound.size() || !d.has_relative_path()) return {};
      d = d.parent_path();
    }
  }

 private:
  bool has_marker(const std::string& dir) {
    auto [it, added] = marked_.try_emplace(dir, false);
    if (added) it->second = matches(dir) || holds_marker(dir);
    return it->second;
  }

  [[nodiscard]] bool matches(const std::string& dir) const {
    if (rules_.patterns.empty() || dir.size() <= base_.size() || !within(dir, base_)) return false;
    const std::string relative = dir.substr(base_.size() + (base_.back() == '/' ? 0 : 1));
    return std::any_of(rules_.patterns.begin(), rules_.patterns.end(),
                       [&](const std::string& p) { return ::fnmatch(p.c_str(), relative.c_str(), FNM_PATHNAME) == 0; });
  }

  [[nodiscard]] bool holds_marker(const std::string& dir) const {
    std::error_code ec;
    return std::any_of(rules_.markers.begin(), rules_.markers.end(),
                       [&](const std::string& m) { return fs::is_regular_file(fs::path(dir) / m, ec); });
  }

  const RootRules& rules_;
  std::string base_;
  std::unordered_map<std::string, bool> marked_;
};

/// A directory a kustomization entry names on this machine; empty for a remote one.
bool is_remote(std::string_view entry) {
  return entry.find("://") != std::string_view::npos || entry.rfind("github.com/", 0) == 0 ||
         entry.rfind("git@", 0) == 0 || entry.find("?ref=") != std::string_view::npos;
}

std::uint32_t find(std::vector<std::uint32_t>& parent, std::uint32_t a) {
  while (parent[a] != a) a = parent[a] = parent[parent[a]];
  return a;
}

}  // namespace

std::uint32_t assign_applications(const std::vector<std::string>& paths, const std::vector<Source>& sources,
                                  std::size_t path_sources, const RootRules& rules, std::vector<Resource>& resources) {
  if (rules.markers.empty() && rules.patterns.empty()) return 0;
  // The walk up from a file stops at the argument it was found through (a file argument: its
  // directory), so that what lies above the inputs does not decide.
  std::vector<std::string> bounds;
  bool has_stdin = false;
  for (const std::string& p : paths) {
    if (p == "-") {
      has_stdin = true;
      continue;
    }
    std::error_code ec;
    const fs::path abs = normal_absolute(p);
    bounds.push_back(fs::is_directory(abs, ec) ? abs.string() : abs.parent_path().string());
  }
  // Longest first: a file under two arguments (`a` and `a/b`) stops at the nearer one.
  std::sort(bounds.begin(), bounds.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

  RootFinder finder(rules);
  std::unordered_map<std::string, std::uint32_t> ids;  // root directory -> application
  std::vector<std::uint32_t> of_file(sources.size(), 0);
  std::vector<std::string> file_bound(sources.size());
  for (std::size_t i = 0; i < std::min(path_sources, sources.size()); ++i) {
    const std::string& name = sources[i].text->name();
    if (has_stdin && name == "<stdin>") continue;
    const fs::path file = normal_absolute(name);
    const std::string s = file.string();
    const fs::path dir = file.parent_path();
    std::string bound = dir.string();
    for (const std::string& b : bounds) {
      if (within(s, b)) {
        bound = b;
        break;
      }
    }
    file_bound[i] = bound;
    const std::string root = finder.root_of(dir, bound);
    if (root.empty()) continue;
    of_file[i] = ids.try_emplace(root, static_cast<std::uint32_t>(ids.size() + 1)).first->second;
  }
  if (ids.empty()) return 0;

  // Kustomizations join the applications they build on.
  std::vector<std::uint32_t> parent(ids.size() + 1);
  std::iota(parent.begin(), parent.end(), 0U);
  for (const Resource& r : resources) {
    if (r.group() != "kustomize.config.k8s.io" || (r.kind() != "Kustomization" && r.kind() != "Component")) continue;
    const std::uint32_t file = r.source().file_index;
    if (file >= of_file.size() || of_file[file] == 0) continue;
    const fs::path dir = normal_absolute(r.source().file()).parent_path();
    const std::string& bound = file_bound[file];
    for (const char* key : {"resources", "bases", "components"}) {
      for (Value entry : r.root()[key].items()) {
        const std::string_view text = entry.str();
        if (text.empty() || is_remote(text)) continue;
        const fs::path target = (dir / fs::path(std::string(text))).lexically_normal();
        std::error_code ec;
        const fs::path start = fs::is_directory(target, ec) ? target : target.parent_path();
        if (!within(start.string(), bound)) continue;  // outside the inputs: not in the run
        auto it = ids.find(finder.root_of(start, bound));
        if (it == ids.end()) continue;
        const std::uint32_t a = find(parent, of_file[file]);
        const std::uint32_t b = find(parent, it->second);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      }
    }
  }
  // Number the joined applications densely, in run order.
  std::vector<std::uint32_t> number(parent.size(), 0);
  std::uint32_t count = 0;
  for (std::uint32_t id = 1; id < parent.size(); ++id) {
    const std::uint32_t root = find(parent, id);
    if (number[root] == 0) number[root] = ++count;
    number[id] = number[root];
  }
  for (Resource& r : resources) {
    const std::uint32_t file = r.source().file_index;
    if (file < of_file.size() && of_file[file] != 0) ResourceBuilder::set_application(r, number[of_file[file]]);
  }
  return count;
}

}  // namespace shipshape
