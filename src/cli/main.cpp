// The `shipshape` executable.
#include <unistd.h>

#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  const int code = shipshape::cli::run(
      args, {std::cout, std::cerr, isatty(STDOUT_FILENO) != 0, nullptr, isatty(STDERR_FILENO) != 0});
  std::cout.flush();
  return code;
}
