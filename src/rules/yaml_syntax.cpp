// yaml-syntax: documents that are not valid YAML (reported by the loader).
#include "rules/input.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "yaml-syntax",
    .section = kInput,
    .group = "Input problems",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A document is not valid YAML (or JSON), or is hostile: binary data, text that is not "
        "UTF-8, an alias bomb, nesting deeper than 256 levels, a duplicate key.",
    .applies_to = "every document of every input",
    .rationale =
        "kubectl and the API server reject a document they cannot parse, so the objects in it "
        "never reach the cluster. The finding names the file, line and column where the parser "
        "stopped; the other documents of the file and the other files are still checked.",
    .remediation =
        "Fix the YAML at the reported position. Duplicate keys are reported too: kubectl "
        "refuses them, and other tools silently keep one of the values.",
    .bad_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: "fast
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: "fast"
)yaml",
    .notes =
        "After an error the loader resumes at the next `---` separator, so an unclosed `[` or `{` "
        "is reported in its own document and the documents after it are checked. Aliases are "
        "shared, not copied; a document whose aliases would expand to more than a million nodes "
        "is refused. Line breaks may be LF, CRLF or a lone CR, as YAML allows. A UTF-8 byte-order "
        "mark is accepted in YAML and JSON; UTF-16 with a byte-order mark is converted. Bytes that "
        "are not UTF-8 are reported once per document, at the first one, and read as U+FFFD: the "
        "rest of the document is still checked, and reports never carry the raw bytes. Duplicate "
        "keys are reported in JSON as in YAML.",
};

class YamlSyntax final : public InputRule {
 public:
  YamlSyntax() : InputRule(kInfo, ProblemKind::yaml_syntax) {}
};

}  // namespace

std::unique_ptr<Rule> make_yaml_syntax() { return std::make_unique<YamlSyntax>(); }

}  // namespace shipshape::rules
