// The built-in rules that report problems found outside Rule::check: the loader's (yaml-syntax,
// manifest-invalid) and the schema validation's (schema-invalid, field-unknown).
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

/// What a schema rule reports of the schema validation's findings.
enum class SchemaFinding { invalid, unknown };

/// A rule fed by the schema validation, which the check stage runs once per object for both
/// schema rules (src/k8s_api/validator.cpp). It checks no object itself.
class SchemaRule : public BasicRule {
 public:
  SchemaRule(const RuleInfo& info, SchemaFinding reports) : BasicRule(info), reports_(reports) {}
  [[nodiscard]] Scope scope() const final { return Scope::none(); }
  [[nodiscard]] SchemaFinding reports() const noexcept { return reports_; }

 private:
  SchemaFinding reports_;
};

}  // namespace shipshape::rules
