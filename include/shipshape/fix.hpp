// Applying fixes: joining the JSON patches of one object, and writing them into the text of a
// file as small edits that keep its comments and layout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/engine.hpp"
#include "shipshape/finding.hpp"
#include "shipshape/loader.hpp"

namespace shipshape {

/// Joins the fixes of one object into one patch that applies them all: the operations in the
/// order given with repeats dropped (fixes that need the same missing parent each carry the
/// same `add {}`), and the removals of list items last, from the highest index, so that the
/// indexes the fixes name stay right. Any order of `fixes` gives a patch with the same effect.
[[nodiscard]] Fix compose_fixes(const std::vector<Fix>& fixes);

/// A finding whose fix was not written, and why.
struct RefusedFix {
  Finding finding;
  std::string reason;
};

/// What apply_fixes did to one text.
struct FixResult {
  std::string text;                 // the edited text (the input when nothing applied)
  std::vector<Finding> applied;     // findings whose fix is in `text`
  std::vector<RefusedFix> refused;  // findings whose fix could not be written
  /// Set when the whole text was refused (Helm output, a text that does not parse); then
  /// `text` is the input and every finding is in `refused` with this reason.
  std::string error;
};

/// Applies the fixes of `findings` (those whose `file` is `name` and whose fix is not empty)
/// to `text`, the YAML or JSON text they were found in, as minimal edits: values are replaced
/// in place, new fields and list items are inserted with the indentation (or the flow style)
/// around them, removed ones take their lines with them; comments, key order, quoting and the
/// other documents stay as they were. Fixes of one object are joined as compose_fixes does.
/// A fix that cannot be written that way (a block scalar, a multi-line flow collection...) is
/// refused with its reason; the others are still applied. Text produced by `helm template`
/// (documents with a `# Source:` comment) is refused whole: the source is the chart.
[[nodiscard]] FixResult apply_fixes(std::string_view text, const std::string& name,
                                    const std::vector<Finding>& findings);

/// Which fixes fix() applies, and how many rounds it may take.
struct FixOptions {
  /// Apply only the fixes of these rule ids (every rule still runs); empty for every rule's.
  std::vector<std::string> rules;
  /// The most rounds (a check, then its edits) fix() runs. A fix can make another rule apply
  /// (`replicas-too-few` sets `replicas: 2`, then `pod-spreading-missing` judges the
  /// workload), so fix() checks its edits again and fixes what they brought about, until a
  /// round changes nothing. 1 applies the fixes of the first check only.
  unsigned max_rounds = 10;
};

/// What fix() did to one file or text.
struct FileFix {
  std::string name;                 // as findings name it
  std::string before;               // the text before the first edit
  std::string after;                // the text after the last one (`before` when nothing applied)
  std::vector<Finding> applied;     // every round's, each as found in the text of its round
  std::vector<RefusedFix> refused;  // findings whose fix was still refused in the last round
  std::string error;                // set when the last round refused the whole text (see apply_fixes)
  bool from_file = true;            // false for a TextInput: nothing to write back

  [[nodiscard]] bool changed() const noexcept { return before != after; }
};

/// The outcome of fix(): the files it would change (nothing is written) and how it ended.
struct FixReport {
  std::vector<FileFix> files;  // every file with a fixable finding, in the order first found
  /// Inputs that could not be read and rules that failed, in the check that stopped the
  /// rounds: when any, the edits are incomplete and should not be written.
  std::vector<InputError> errors;
  /// Rounds that changed a text; each is a check and its edits. When the run converged, one
  /// more check found nothing left to change.
  unsigned rounds = 0;
  /// False when the rounds stopped at FixOptions::max_rounds and a check of their result
  /// still finds fixes to write: running fix() again would change more.
  bool converged = true;
  /// The `yaml-syntax` findings of the last check: text that could not be read as YAML or
  /// JSON, so nothing in it was checked or fixed.
  std::vector<Finding> unreadable;
  /// Objects the first check read (Report::summary.objects).
  std::uint32_t objects = 0;

  [[nodiscard]] std::size_t applied() const noexcept;
  [[nodiscard]] std::size_t refused() const noexcept;
  [[nodiscard]] std::size_t changed() const noexcept;  // files whose text changed
};

/// Checks `paths` and `texts` with `engine`, applies the fixes of the findings (apply_fixes,
/// file by file), then checks the edited texts again (in memory: Engine::check with replaced
/// files) and applies what the edits brought about, until a round changes nothing or
/// `options.max_rounds` rounds changed texts (one more check then tells whether it converged).
/// Writes nothing: the edited texts are in the result, for the caller to write or diff.
/// Running it again on the written result finds nothing more to change when it converged. A finding whose fix was
/// applied but that is still reported is not fixed again; it is listed as refused. Throws ConfigError when
/// `options.rules` names a rule the engine does not have, and what Engine::check throws (Cancelled).
[[nodiscard]] FixReport fix(const Engine& engine, const std::vector<std::string>& paths,
                            std::vector<TextInput> texts = {}, const FixOptions& options = {});

/// A unified diff (`---`/`+++` headers naming `from` and `to`, three lines of context) of two
/// texts; empty when they are equal.
[[nodiscard]] std::string unified_diff(std::string_view before, std::string_view after, const std::string& from,
                                       const std::string& to);

}  // namespace shipshape
