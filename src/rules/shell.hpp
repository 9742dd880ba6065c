// Just enough shell to read container commands: argv, `sh -c` scripts, sleeps, redirections.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shipshape/value.hpp"

namespace shipshape::rules {

/// One item of a command line and where it sits (`command[1]`, `args[0]`).
struct ArgvItem {
  Value node;
  std::string_view list;  // `command` or `args`
  std::size_t index = 0;
  [[nodiscard]] std::string_view text() const noexcept { return node.str(); }
};

/// The items of `command` followed by those of `args` (scalars only; others are skipped).
[[nodiscard]] std::vector<ArgvItem> argv_of(Value command, Value args);

/// The last path component: `/bin/sh` gives `sh`.
[[nodiscard]] std::string_view base_name(std::string_view path) noexcept;

/// The position of a script run by a shell: an item naming a shell (sh, bash, ash, dash, zsh,
/// ksh, also `busybox sh`) followed by an option cluster containing `c` (`-c`, `-ec`,
/// `-xc`...); the script is the item after the options.
[[nodiscard]] std::optional<std::size_t> shell_script_at(std::span<const ArgvItem> argv);

/// A redirection inside a simple command.
struct Redirect {
  std::string op;      // `>`, `>>`, `2>`, `&>`, `>&`...
  std::string target;  // the word after it
};

/// A simple command of a script: words after leading keywords (`if`, `then`, `do`, `!`...),
/// `exec` and variable assignments; its redirections.
struct SimpleCommand {
  std::vector<std::string> words;
  std::vector<Redirect> redirects;
  bool exec = false;  // started with `exec`
};

/// Splits a POSIX shell script into simple commands. Handles quotes, escapes, comments,
/// `$(...)`, `${...}`, backquotes and here-documents (whose bodies are skipped); it does not
/// expand anything.
[[nodiscard]] std::vector<SimpleCommand> parse_shell(std::string_view script);

/// The seconds of a `sleep` operand: `20`, `1.5`, `2m`, `1h`, `1d`, `infinity` (infinite).
[[nodiscard]] std::optional<double> sleep_operand_seconds(std::string_view operand) noexcept;

/// How long a command sleeps, summing every `sleep` it runs (GNU sleep also sums its
/// operands): either argv is `sleep N...` itself, or a shell script containing `sleep`
/// commands. `item` is the argv index of the `sleep` or of the script.
struct Sleep {
  double seconds = 0;
  std::size_t item = 0;
};
[[nodiscard]] std::optional<Sleep> sleep_of(std::span<const ArgvItem> argv);

/// A place a script sends output to that is not a terminal stream or a device.
struct FileOutput {
  std::string target;
  std::string how;            // the redirection operator, or `tee`
  bool to_stderr = false;     // the redirection includes standard error
  bool whole_script = false;  // `exec >file`: everything after it goes there
};
/// Output redirections (`>`, `>>`, `2>`, `&>`...) and `tee` operands of a script whose
/// target is a path other than /dev/... or /proc/.../fd/....
[[nodiscard]] std::vector<FileOutput> file_outputs(std::string_view script);

}  // namespace shipshape::rules
