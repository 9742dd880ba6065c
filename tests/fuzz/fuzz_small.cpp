// Fuzz target: the small parsers. The first byte picks one (quantities, image references, label
// selectors, sleep durations and shell scripts, Kubernetes versions, field paths); the rest is
// its input. Round trips that must hold are checked.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "parse.hpp"
#include "rules/shell.hpp"
#include "shipshape/shipshape.hpp"

namespace {

void quantities(std::string_view text) {
  const auto q = shipshape::Quantity::parse(text);
  if (!q) return;
  (void)q->milli();
  (void)q->units();
  (void)q->to_double();
  const std::string canonical = q->str();
  // str() is for messages: beyond about 9e9 units it saturates or says "huge".
  if (q->units() > 9'000'000'000LL || q->units() < -9'000'000'000LL) return;
  const auto again = shipshape::Quantity::parse(canonical);
  if (!again) fuzz::fail("a quantity's canonical form does not parse");
  if (*again != *q) fuzz::fail("a quantity's canonical form has another value");
}

void images(std::string_view text) {
  const auto image = shipshape::ImageReference::parse(text);
  if (!image) return;
  const auto again = shipshape::ImageReference::parse(image->str());
  if (!again) fuzz::fail("a normalised image reference does not parse");
  if (again->str() != image->str()) fuzz::fail("normalising an image reference twice changes it");
  (void)shipshape::registry_pattern_matches(text, *image);
}

void selectors(std::string_view text) {
  auto source = std::make_shared<shipshape::SourceText>("selector.yaml", std::string(text));
  const auto parsed = shipshape::parse(source, shipshape::InputFormat::yaml);
  for (const auto& doc : parsed.documents) {
    std::string error;
    if (auto s = shipshape::LabelSelector::parse(doc.root, &error)) {
      (void)s->matches(doc.root["labels"]);
      (void)s->matches(doc.root["matchLabels"]);
    }
    if (auto s = shipshape::LabelSelector::from_map(doc.root, &error)) (void)s->matches(doc.root);
  }
}

void durations(std::string_view text) {
  (void)shipshape::rules::sleep_operand_seconds(text);
  (void)shipshape::rules::parse_shell(text);
  (void)shipshape::rules::file_outputs(text);
}

void small_ones(std::string_view text) {
  (void)shipshape::KubernetesVersion::parse(text);
  (void)shipshape::parse_severity(text);
  // Field paths come from rules, not from manifests: any text must parse without undefined
  // behaviour, but odd keys (with `]` or `"`) need not survive the dotted form.
  const auto path = shipshape::FieldPath::parse(text);
  (void)shipshape::FieldPath::parse(path.str());
  (void)path.json_pointer();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      quantities(text);
      break;
    case 1:
      images(text);
      break;
    case 2:
      selectors(text);
      break;
    case 3:
      durations(text);
      break;
    default:
      small_ones(text);
  }
  return 0;
}
