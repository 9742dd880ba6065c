// Applying fixes: joining the JSON patches of one object, and writing them into the text of a
// file as small edits that keep its comments and layout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/finding.hpp"

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
  std::string text;                  // the edited text (the input when nothing applied)
  std::vector<Finding> applied;      // findings whose fix is in `text`
  std::vector<RefusedFix> refused;   // findings whose fix could not be written
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

/// A unified diff (`---`/`+++` headers naming `from` and `to`, three lines of context) of two
/// texts; empty when they are equal.
[[nodiscard]] std::string unified_diff(std::string_view before, std::string_view after, const std::string& from,
                                       const std::string& to);

}  // namespace shipshape
