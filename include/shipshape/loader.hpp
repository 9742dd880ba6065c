// Inputs: which files a run reads, how, and what a path that cannot be read looks like.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace shipshape {

enum class InputFormat : std::uint8_t { yaml, json };

/// The format a file name suggests: `.json` is JSON, anything else YAML.
[[nodiscard]] InputFormat format_for(std::string_view name) noexcept;

/// One text to check instead of a file (stdin, a string from Python...).
struct TextInput {
  std::string name;  // shown as the file name
  std::string text;
  InputFormat format = InputFormat::yaml;
};

/// Texts to check in place of what files hold on disk, keyed by the name the run gives each
/// file (its path as found under the paths given: the `file` of its findings). A file that the
/// paths do not reach is not added. `shipshape fix` checks its edits this way before writing.
using ReplacedFiles = std::map<std::string, std::string, std::less<>>;

/// Something that kept part of a run from being checked: a path that could not be read, or a
/// rule that failed. For a failed rule, `rule` names it and `object` the object it was
/// checking (`Kind namespace/name`, empty outside Rule::check); both are empty for a path.
struct InputError {
  std::string path;
  std::string message;
  std::string rule;
  std::string object;
};

/// Expands the paths a user gave: files as they are, directories recursively (`.yaml`, `.yml`,
/// `.json`; hidden entries skipped unless named), `-` for standard input. The order is
/// deterministic: arguments in order, directory contents sorted by path.
struct InputFiles {
  std::vector<std::string> files;
  std::vector<InputError> errors;
};
[[nodiscard]] InputFiles collect_inputs(const std::vector<std::string>& paths);

/// Thrown by read_input for an input larger than the limit, before it is read whole.
class InputTooLarge : public std::runtime_error {
 public:
  /// `size` is the input's size, or 0 when it is not known (standard input, read up to the limit).
  InputTooLarge(std::uint64_t size, std::uint64_t limit);
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] std::uint64_t limit() const noexcept { return limit_; }

 private:
  std::uint64_t size_;
  std::uint64_t limit_;
};

/// Reads a file (or stdin for `-`) whole, stdin in pieces so that no more than `max_bytes`
/// (plus one piece) is ever held. Throws InputTooLarge past the limit and std::runtime_error
/// with the reason when the input cannot be read.
[[nodiscard]] std::string read_input(const std::string& path, std::uint64_t max_bytes);

}  // namespace shipshape
