// The built-in rules that report the loader's problems (yaml-syntax, manifest-invalid).
#pragma once

#include "problem.hpp"
#include "rules/common.hpp"

namespace shipshape::rules {

/// A rule that reports the input problems of one kind: the engine turns each such problem into
/// a finding of the rule. It checks no object itself.
class InputRule : public BasicRule {
 public:
  InputRule(const RuleInfo& info, ProblemKind kind) : BasicRule(info), kind_(kind) {}
  [[nodiscard]] Scope scope() const final { return Scope::none(); }
  [[nodiscard]] ProblemKind problem_kind() const noexcept { return kind_; }

 private:
  ProblemKind kind_;
};

}  // namespace shipshape::rules
