// fix(): check, apply the fixes, check the edited texts again, until a round changes nothing.
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "shipshape/fix.hpp"

namespace shipshape {

std::size_t FixReport::applied() const noexcept {
  std::size_t n = 0;
  for (const FileFix& f : files) n += f.applied.size();
  return n;
}

std::size_t FixReport::refused() const noexcept {
  std::size_t n = 0;
  for (const FileFix& f : files) n += f.refused.size();
  return n;
}

std::size_t FixReport::changed() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(files.begin(), files.end(), [](const FileFix& f) { return f.changed(); }));
}

namespace {

/// Names a finding across rounds: edits move lines, but not the file, rule, object, field
/// path or message that the fingerprint hashes.
std::string finding_key(const Finding& f) { return f.file + '\n' + fingerprint(f); }

/// The state of the run between rounds.
class Rounds {
 public:
  Rounds(const Engine& engine, std::vector<TextInput> texts, const FixOptions& options)
      : engine_(engine), texts_(std::move(texts)), options_(options) {}

  /// Applies the fixes of one round's report; returns whether a text changed.
  bool apply(const Report& report) {
    // The fixable findings by file, in the report's order; those fixed in an earlier round
    // are not fixed twice.
    std::vector<std::string> order;
    std::map<std::string, std::vector<Finding>> by_file;
    std::map<std::string, std::vector<RefusedFix>> came_back;
    for (const Finding& f : report.findings) {
      if (f.fix.empty() || !wanted(f.rule)) continue;
      if (applied_.count(finding_key(f)) != 0) {
        came_back[f.file].push_back(
            {f, "its fix was applied but the finding is still reported (a bug: please report it)"});
        continue;
      }
      auto& list = by_file[f.file];
      if (list.empty()) order.push_back(f.file);
      list.push_back(f);
    }
    // Refusals are those of the last round: a fix refused as conflicting with another may go
    // in once the other is written.
    for (FileFix& file : files_) {
      file.refused.clear();
      file.error.clear();
    }
    refused_.clear();
    bool changed = false;
    for (const std::string& name : order) {
      FileFix& file = file_for(name);
      const auto unreadable = unreadable_.find(name);
      if (unreadable != unreadable_.end()) {
        file.error = unreadable->second;
        for (const Finding& f : by_file[name]) file.refused.push_back({f, file.error});
        continue;
      }
      FixResult r = apply_fixes(file.after, name, by_file[name]);
      file.error = std::move(r.error);
      for (Finding& f : r.applied) {
        applied_.insert(finding_key(f));
        file.applied.push_back(std::move(f));
      }
      for (RefusedFix& x : r.refused) {
        refused_.insert(finding_key(x.finding));
        file.refused.push_back(std::move(x));
      }
      if (r.text != file.after) {
        file.after = std::move(r.text);
        changed = true;
      }
    }
    for (auto& [name, refused] : came_back) {
      FileFix& file = file_for(name);
      std::move(refused.begin(), refused.end(), std::back_inserter(file.refused));
    }
    return changed;
  }

  /// Whether a report has a fix to write that the last round neither wrote nor refused.
  [[nodiscard]] bool has_new_fixes(const Report& report) const {
    return std::any_of(report.findings.begin(), report.findings.end(), [&](const Finding& f) {
      if (f.fix.empty() || !wanted(f.rule)) return false;
      const std::string key = finding_key(f);
      return applied_.count(key) == 0 && refused_.count(key) == 0;
    });
  }

  /// Checks the inputs with every text edited so far.
  [[nodiscard]] Report check(const std::vector<std::string>& paths) const {
    std::vector<TextInput> texts = texts_;
    ReplacedFiles replaced;
    for (const FileFix& f : files_) {
      if (!f.changed()) continue;
      if (f.from_file) {
        replaced.emplace(f.name, f.after);
      } else {
        for (TextInput& t : texts) {
          if (t.name == f.name) t.text = f.after;
        }
      }
    }
    return engine_.check(paths, std::move(texts), replaced);
  }

  [[nodiscard]] std::vector<FileFix> take_files() { return std::move(files_); }

 private:
  [[nodiscard]] bool wanted(const std::string& rule) const {
    return options_.rules.empty() ||
           std::find(options_.rules.begin(), options_.rules.end(), rule) != options_.rules.end();
  }

  /// The file's entry, made on first use with the text it has now (from memory or disk).
  FileFix& file_for(const std::string& name) {
    const auto it = index_.find(name);
    if (it != index_.end()) return files_[it->second];
    FileFix file;
    file.name = name;
    const auto text = std::find_if(texts_.begin(), texts_.end(), [&](const TextInput& t) { return t.name == name; });
    if (text != texts_.end()) {
      file.from_file = false;
      file.before = text->text;
    } else if (name == "<stdin>") {
      unreadable_.emplace(name, "standard input cannot be edited: name the files to fix");
    } else {
      try {
        file.before = read_input(name, engine_.config().max_input_bytes);
      } catch (const std::exception& e) {
        unreadable_.emplace(name, std::string("cannot read the file again: ") + e.what());
      }
    }
    file.after = file.before;
    index_.emplace(name, files_.size());
    files_.push_back(std::move(file));
    return files_.back();
  }

  const Engine& engine_;
  std::vector<TextInput> texts_;
  const FixOptions& options_;
  std::vector<FileFix> files_;
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::string> unreadable_;  // files that cannot be edited, and why
  std::set<std::string> applied_;                  // keys of the findings fixed so far
  std::set<std::string> refused_;                  // keys of the findings the last round refused
};

}  // namespace

FixReport fix(const Engine& engine, const std::vector<std::string>& paths, std::vector<TextInput> texts,
              const FixOptions& options) {
  for (const std::string& id : options.rules) {
    if (!engine.registry().find(id)) throw ConfigError(engine.registry().unknown_rule_message(id));
  }
  FixReport out;
  Rounds rounds(engine, std::move(texts), options);
  for (;;) {
    const Report report = rounds.check(paths);
    if (out.rounds == 0) out.objects = report.summary.objects;
    out.unreadable.clear();
    std::copy_if(report.findings.begin(), report.findings.end(), std::back_inserter(out.unreadable),
                 [](const Finding& f) { return f.rule == "yaml-syntax"; });
    if (!report.errors.empty()) {
      out.errors = report.errors;
      break;
    }
    if (out.rounds == std::max(1U, options.max_rounds)) {
      // The last round allowed: does this check find anything the rounds did not handle?
      out.converged = !rounds.has_new_fixes(report);
      break;
    }
    if (!rounds.apply(report)) break;
    ++out.rounds;
  }
  out.files = rounds.take_files();
  return out;
}

}  // namespace shipshape
