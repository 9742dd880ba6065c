// Rule documentation rendered from the metadata records (`shipshape rules`, `explain`,
// and the pages under docs/rules).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shipshape/rule.hpp"

namespace shipshape {

/// What `shipshape fix` changes for the findings of a built-in rule (docs/fix.md), or empty
/// when the rule has no mechanical fix.
[[nodiscard]] std::string_view automatic_fix(std::string_view rule_id) noexcept;
/// The full page of one rule, in Markdown.
[[nodiscard]] std::string rule_markdown(const RuleInfo& info);
/// The same content as plain text for a terminal (`shipshape explain`).
[[nodiscard]] std::string rule_text(const RuleInfo& info);
/// A Markdown table of rules (id linked to `link_prefix<id>.md`), grouped by section.
[[nodiscard]] std::string rules_markdown_table(const std::vector<const RuleInfo*>& rules,
                                               const std::string& link_prefix);
/// The tables of docs/checklist.md: per section of the checklist, its groups (in the
/// checklist's order) with the rules that check them (ids linked to `link_prefix<id>.md`).
[[nodiscard]] std::string checklist_markdown(const std::vector<const RuleInfo*>& rules, const std::string& link_prefix);
/// The index page of docs/rules (README.md there).
[[nodiscard]] std::string rules_index_markdown(const std::vector<const RuleInfo*>& rules);
/// A plain-text table of rules for a terminal.
[[nodiscard]] std::string rules_text_table(const std::vector<const RuleInfo*>& rules);
/// Every rule's metadata as a JSON document (`shipshape rules --format json`).
[[nodiscard]] std::string rules_json(const std::vector<const RuleInfo*>& rules);

}  // namespace shipshape
