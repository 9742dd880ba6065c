// libFuzzer target: any bytes, as YAML and as JSON, through the whole engine with every rule on.
// Build with -DSHIPSHAPE_FUZZ=ON and clang; run build-fuzz/tests/fuzz/shipshape_fuzz corpus-dir.
#include <cstddef>
#include <cstdint>
#include <string>

#include "shipshape/shipshape.hpp"

namespace {

shipshape::Engine make_engine() {
  shipshape::Config config;
  for (const shipshape::RuleInfo* r : shipshape::Registry::builtin().infos()) config.enable.push_back(r->id);
  shipshape::Engine engine(config);
  engine.set_jobs(1);
  return engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const shipshape::Engine engine = make_engine();
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)engine.check_texts(
      {{"fuzz.yaml", text, shipshape::InputFormat::yaml}, {"fuzz.json", text, shipshape::InputFormat::json}});
  return 0;
}
