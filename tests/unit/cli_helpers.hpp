// Helpers for the tests that run the command line: a run with captured output, and a scratch
// directory.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace shipshape::test {

/// What a command-line run gave.
struct Result {
  int code;
  std::string out;
  std::string err;
};

/// Runs the command line with `args` (without the program name), standard output not a terminal.
inline Result run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = shipshape::cli::run(args, {out, err, false});
  return {code, out.str(), err.str()};
}

/// A directory of its own under the system's temporary directory, removed with its contents.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<unsigned> made{0};
    path = std::filesystem::temp_directory_path() /
           ("shipshape-test-" + std::to_string(::getpid()) + "-" + std::to_string(made++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { std::filesystem::remove_all(path); }

  /// Writes `text` to `name` (directories made as needed); returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
  [[nodiscard]] std::string read(const std::string& name) const {
    std::ifstream in(path / name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

}  // namespace shipshape::test
