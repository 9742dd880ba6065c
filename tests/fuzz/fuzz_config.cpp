// Fuzz target: the configuration file. Any bytes are parsed as a configuration; whatever parses
// goes on to build an Engine, which checks rule ids, option types and patterns. Errors must be
// ConfigError with a location, never a crash or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "shipshape/shipshape.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    shipshape::Config config = shipshape::Config::parse(text, "fuzz.yaml");
    shipshape::Engine engine(std::move(config));
    engine.set_jobs(1);
    (void)engine.check_texts({{"pod.yaml",
                               "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {team: a}}\n"
                               "spec: {containers: [{name: c, image: nginx, env: [{name: DB_PASSWORD, value: x}]}]}\n",
                               shipshape::InputFormat::yaml}});
  } catch (const shipshape::ConfigError& e) {
    if (std::string_view(e.what()).empty()) fuzz::fail("a configuration error without a message");
  }
  return 0;
}
