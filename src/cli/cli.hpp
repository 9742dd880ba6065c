// Entry point of the command line, shared by the executable and `python -m shipshape`.
#pragma once

#include <atomic>
#include <iosfwd>
#include <string>
#include <vector>

namespace shipshape::cli {

struct Streams {
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;
  const std::atomic<bool>* cancel = nullptr;  // stops `check` when raised (see Engine::set_cancel_flag)
  bool err_is_terminal = false;               // shows progress on `err` during long runs
};

/// Runs `shipshape <arguments...>` and returns the exit code. Never throws.
int run(const std::vector<std::string>& arguments, const Streams& io);

}  // namespace shipshape::cli
