// Just enough shell to read container commands.
#include "rules/shell.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace shipshape::rules {
namespace {

struct Token {
  std::string text;
  bool op = false;
};

constexpr std::array kOperators{"&>>", "&>", "<<<", "<<-", "<<", ">>", ">&", ">|", "<&", "<>", "&&",
                                "||",  ";;", "|&",  ">",   "<",  ";",  "&",  "|",  "(",  ")"};

bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }
bool is_operator_char(char c) noexcept {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s) : s_(s) {}

  std::vector<Token> run() {
    while (i_ < s_.size()) step();
    flush();
    return std::move(out_);
  }

 private:
  void flush() {
    if (!in_word_) return;
    out_.push_back({std::move(word_), false});
    word_.clear();
    in_word_ = false;
  }

  void step() {
    const char c = s_[i_];
    if (c == '\n') {
      flush();
      out_.push_back({"\n", true});
      ++i_;
      skip_heredoc_bodies();
      return;
    }
    if (is_blank(c)) {
      flush();
      ++i_;
      return;
    }
    if (c == '#' && !in_word_) {
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      return;
    }
    if (c == '\\') {
      if (i_ + 1 < s_.size() && s_[i_ + 1] != '\n') {
        word_ += s_[i_ + 1];
        in_word_ = true;
      }
      i_ += 2;
      return;
    }
    if (c == '\'') {
      const auto end = std::min(s_.find('\'', i_ + 1), s_.size());
      word_ += s_.substr(i_ + 1, end - i_ - 1);
      in_word_ = true;
      i_ = end + 1;
      return;
    }
    if (c == '"') {
      std::size_t j = i_ + 1;
      while (j < s_.size() && s_[j] != '"') {
        if (s_[j] == '\\' && j + 1 < s_.size()) ++j;
        word_ += s_[j++];
      }
      in_word_ = true;
      i_ = j + 1;
      return;
    }
    if (c == '$' && i_ + 1 < s_.size() && (s_[i_ + 1] == '(' || s_[i_ + 1] == '{')) {
      const char open = s_[i_ + 1];
      const char close = open == '(' ? ')' : '}';
      std::size_t j = i_ + 1;
      int depth = 0;
      do {
        if (s_[j] == open) ++depth;
        if (s_[j] == close) --depth;
        ++j;
      } while (j < s_.size() && depth > 0);
      word_ += s_.substr(i_, j - i_);
      in_word_ = true;
      i_ = j;
      return;
    }
    if (c == '`') {
      const auto end = std::min(s_.find('`', i_ + 1), s_.size());
      word_ += s_.substr(i_, end + 1 - i_);
      in_word_ = true;
      i_ = end + 1;
      return;
    }
    if (is_operator_char(c)) {
      std::string op;
      if ((c == '>' || c == '<') && in_word_ && all_digits(word_)) {
        op = std::move(word_);
        word_.clear();
        in_word_ = false;
      } else {
        flush();
      }
      const std::string_view rest = s_.substr(i_);
      for (std::string_view o : kOperators) {
        if (rest.substr(0, o.size()) == o) {
          op += o;
          i_ += o.size();
          break;
        }
      }
      const bool heredoc = op.ends_with("<<") || op.ends_with("<<-");
      out_.push_back({std::move(op), true});
      if (heredoc) read_heredoc_delimiter();
      return;
    }
    word_ += c;
    in_word_ = true;
    ++i_;
  }

  void read_heredoc_delimiter() {
    while (i_ < s_.size() && is_blank(s_[i_])) ++i_;
    std::string delimiter;
    while (i_ < s_.size() && !is_blank(s_[i_]) && s_[i_] != '\n' && !is_operator_char(s_[i_])) {
      if (s_[i_] != '\'' && s_[i_] != '"' && s_[i_] != '\\') delimiter += s_[i_];
      ++i_;
    }
    if (!delimiter.empty()) heredocs_.push_back(std::move(delimiter));
  }

  void skip_heredoc_bodies() {
    for (const auto& delimiter : heredocs_) {
      while (i_ < s_.size()) {
        auto end = s_.find('\n', i_);
        if (end == std::string_view::npos) end = s_.size();
        std::string_view line = s_.substr(i_, end - i_);
        i_ = std::min(end + 1, s_.size());
        while (!line.empty() && (is_blank(line.front()))) line.remove_prefix(1);
        while (!line.empty() && (is_blank(line.back()))) line.remove_suffix(1);
        if (line == delimiter) break;
      }
    }
    heredocs_.clear();
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string word_;
  bool in_word_ = false;
  std::vector<Token> out_;
  std::vector<std::string> heredocs_;
};

bool is_control(std::string_view op) noexcept {
  return op == ";" || op == "&" || op == "&&" || op == "||" || op == "|" || op == "|&" || op == "\n" || op == "(" ||
         op == ")" || op == ";;";
}

bool is_prefix_keyword(std::string_view w) noexcept {
  static constexpr std::array kKeywords{"if", "then", "do",    "else",    "elif",    "while", "until", "!",    "{",
                                        "}",  "time", "nohup", "command", "builtin", "fi",    "done",  "esac", "in"};
  return std::find(kKeywords.begin(), kKeywords.end(), w) != kKeywords.end();
}

bool is_assignment(std::string_view w) noexcept {
  const auto eq = w.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  const char first = w.front();
  if (!(first == '_' || (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) return false;
  return std::all_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(eq), [](char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

bool is_shell(std::string_view name) noexcept {
  return name == "sh" || name == "bash" || name == "ash" || name == "dash" || name == "zsh" || name == "ksh";
}

bool is_output_redirect(std::string_view op) noexcept {
  std::size_t i = 0;
  while (i < op.size() && op[i] >= '0' && op[i] <= '9') ++i;
  const std::string_view rest = op.substr(i);
  return rest == ">" || rest == ">>" || rest == ">|" || (i == 0 && (rest == "&>" || rest == "&>>"));
}

bool is_device(std::string_view target) noexcept {
  return target.empty() || target.front() == '&' || target.starts_with("/dev/") || target.starts_with("/proc/");
}

}  // namespace

std::vector<ArgvItem> argv_of(Value command, Value args) {
  std::vector<ArgvItem> out;
  std::size_t i = 0;
  for (Value v : command.items()) {
    if (v.is_scalar()) out.push_back({v, "command", i});
    ++i;
  }
  i = 0;
  for (Value v : args.items()) {
    if (v.is_scalar()) out.push_back({v, "args", i});
    ++i;
  }
  return out;
}

std::string_view base_name(std::string_view path) noexcept {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::size_t> shell_script_at(std::span<const ArgvItem> argv) {
  for (std::size_t i = 0; i + 2 < argv.size(); ++i) {
    if (!is_shell(base_name(argv[i].text()))) continue;
    // Options before the script: `-c`, `-ec`, `-e -c`, `-o pipefail -c`...
    for (std::size_t j = i + 1; j + 1 < argv.size(); ++j) {
      const std::string_view opt = argv[j].text();
      if (opt.size() < 2 || (opt[0] != '-' && opt[0] != '+')) break;
      if (opt[0] == '-' && opt[1] != '-' && opt.find('c') != std::string_view::npos) return j + 1;
    }
  }
  return std::nullopt;
}

std::vector<SimpleCommand> parse_shell(std::string_view script) {
  const std::vector<Token> tokens = Tokenizer(script).run();
  std::vector<SimpleCommand> out;
  SimpleCommand current;
  bool started = false;  // a command word has been seen
  auto finish = [&] {
    if (!current.words.empty() || !current.redirects.empty()) out.push_back(std::move(current));
    current = SimpleCommand{};
    started = false;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.op) {
      if (is_control(t.text)) {
        finish();
        continue;
      }
      // A redirection: its target is the next word (here-document delimiters are consumed by
      // the tokenizer).
      std::string target;
      if (i + 1 < tokens.size() && !tokens[i + 1].op && !t.text.ends_with("<<") && !t.text.ends_with("<<-")) {
        target = tokens[++i].text;
      }
      current.redirects.push_back({t.text, std::move(target)});
      continue;
    }
    if (!started) {
      if (t.text == "exec") {
        current.exec = true;
        continue;
      }
      if (is_prefix_keyword(t.text) || is_assignment(t.text)) continue;
      started = true;
    }
    current.words.push_back(t.text);
  }
  finish();
  return out;
}

std::optional<double> sleep_operand_seconds(std::string_view operand) noexcept {
  if (operand == "infinity" || operand == "inf") return std::numeric_limits<double>::infinity();
  if (operand.empty()) return std::nullopt;
  // GNU sleep's suffixes: seconds, minutes, hours, days.
  static constexpr std::array<std::pair<char, double>, 4> kUnits{{{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}}};
  double factor = 1;
  for (const auto& [suffix, seconds] : kUnits) {
    if (operand.back() == suffix) {
      factor = seconds;
      operand.remove_suffix(1);
      break;
    }
  }
  if (operand.empty() ||
      !std::all_of(operand.begin(), operand.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(operand.data(), operand.data() + operand.size(), value);
  if (ec != std::errc{} || end != operand.data() + operand.size()) return std::nullopt;
  return value * factor;
}

namespace {

/// Seconds of `sleep A B...` given the words after the command name; nothing when an
/// operand is not a duration (a variable, say).
std::optional<double> sleep_operands(std::span<const std::string> operands) {
  if (operands.empty()) return std::nullopt;
  double total = 0;
  for (const auto& o : operands) {
    const auto s = sleep_operand_seconds(o);
    if (!s) return std::nullopt;
    total += *s;
  }
  return total;
}

/// The operands of a `sleep` command (also `busybox sleep`), or nothing.
std::optional<std::span<const std::string>> sleep_words(std::span<const std::string> words) {
  if (words.empty()) return std::nullopt;
  if (base_name(words[0]) == "sleep") return words.subspan(1);
  if (words.size() > 1 && base_name(words[0]) == "busybox" && words[1] == "sleep") return words.subspan(2);
  return std::nullopt;
}

}  // namespace

std::optional<Sleep> sleep_of(std::span<const ArgvItem> argv) {
  std::vector<std::string> words;
  for (const auto& a : argv) words.emplace_back(a.text());
  if (auto operands = sleep_words(words)) {
    if (auto s = sleep_operands(*operands)) return Sleep{*s, 0};
    return std::nullopt;
  }
  const auto script = shell_script_at(argv);
  if (!script) return std::nullopt;
  std::optional<Sleep> total;
  for (const SimpleCommand& c : parse_shell(argv[*script].text())) {
    const auto operands = sleep_words(c.words);
    if (!operands) continue;
    const auto s = sleep_operands(*operands);
    if (!s) continue;
    if (!total) total = Sleep{0, *script};
    total->seconds += *s;
  }
  return total;
}

std::vector<FileOutput> file_outputs(std::string_view script) {
  std::vector<FileOutput> out;
  for (const SimpleCommand& c : parse_shell(script)) {
    for (const Redirect& r : c.redirects) {
      if (!is_output_redirect(r.op) || is_device(r.target)) continue;
      const bool to_stderr = r.op.front() == '2' || r.op.front() == '&';
      out.push_back({r.target, r.op, to_stderr, c.exec && c.words.empty()});
    }
    if (!c.words.empty() && base_name(c.words[0]) == "tee") {
      for (std::size_t i = 1; i < c.words.size(); ++i) {
        const std::string& w = c.words[i];
        if (w.starts_with("-") || is_device(w)) continue;
        out.push_back({w, "tee", false, false});
      }
    }
  }
  return out;
}

}  // namespace shipshape::rules
