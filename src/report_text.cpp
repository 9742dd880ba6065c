// The text report: `file:line:col: severity [rule] message`, then a summary line.
#include <algorithm>
#include <map>
#include <ostream>
#include <vector>

#include <fmt/format.h>

#include "internal.hpp"
#include "shipshape/report.hpp"

namespace shipshape {
namespace {

struct Style {
  bool on;
  [[nodiscard]] std::string_view bold() const { return on ? "\x1b[1m" : ""; }
  [[nodiscard]] std::string_view dim() const { return on ? "\x1b[2m" : ""; }
  [[nodiscard]] std::string_view reset() const { return on ? "\x1b[0m" : ""; }
  [[nodiscard]] std::string_view severity(Severity s) const {
    if (!on) return "";
    switch (s) {
      case Severity::error:
        return "\x1b[1;31m";
      case Severity::warning:
        return "\x1b[1;33m";
      case Severity::info:
        return "\x1b[1;36m";
    }
    return "";
  }
};

/// Text from inputs (file names, object names, values quoted in messages) as it may go to a
/// terminal: control characters (C0, DEL, C1) and bytes that are not UTF-8 become visible
/// escapes, so that a name can neither drive the terminal nor break a finding's line.
std::string printable(std::string_view s) {
  auto plain = [](unsigned char c) { return c >= 0x20 && c != 0x7F && c < 0x80; };
  std::size_t i = 0;
  while (i < s.size() && plain(static_cast<unsigned char>(s[i]))) ++i;
  if (i == s.size()) return std::string(s);
  std::string out(s.substr(0, i));
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (plain(c)) {
      out.push_back(s[i++]);
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += fmt::format("\\x{:02x}", c);
        ++i;
      } else if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {  // C1 controls, U+0080..U+009F
        out += fmt::format("\\u{:04x}", static_cast<unsigned char>(s[i + 1]));
        i += 2;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += fmt::format("\\x{:02x}", c);
    }
    ++i;
  }
  return out;
}

void write_finding(std::ostream& out, const Finding& f, const Style& st, bool suppressed) {
  std::string line = fmt::format("{}{}:{}:{}:{} {}{}{}{} {}[{}]{} ", st.bold(), printable(f.file), f.line, f.column,
                                 st.reset(), suppressed ? "suppressed " : "", st.severity(f.severity),
                                 to_string(f.severity), st.reset(), st.dim(), f.rule, st.reset());
  if (!f.object.kind.empty()) {
    if (f.object.name.empty()) {
      line += fmt::format("{}: ", printable(f.object.kind));  // a configuration file has no name
    } else {
      line += f.object.ns.empty() ? fmt::format("{} {}: ", printable(f.object.kind), printable(f.object.name))
                                  : fmt::format("{} {}/{}: ", printable(f.object.kind), printable(f.object.ns),
                                                printable(f.object.name));
    }
  }
  line += printable(f.message);
  if (!f.source_file().empty()) line += fmt::format(" {}(from {}){}", st.dim(), printable(f.source_file()), st.reset());
  line.push_back('\n');
  out << line;
}

std::string plural(std::uint32_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string summary_text(const Report& report, const Style& st) {
  const Summary& s = report.summary;
  std::string line =
      fmt::format("Checked {} in {}", plural(s.objects, "object", "objects"), plural(s.files, "file", "files"));
  if (s.skipped_documents > 0) {
    line += fmt::format(" ({} not Kubernetes objects, skipped)", plural(s.skipped_documents, "document", "documents"));
  }
  if (s.controlled > 0) {
    line += fmt::format(" ({} checked through the controller that owns {})", plural(s.controlled, "object", "objects"),
                        s.controlled == 1 ? "it" : "them");
  }
  if (s.objects_without_schema > 0) {
    line += fmt::format(" ({} without a schema, not validated)", plural(s.objects_without_schema, "object", "objects"));
  }
  if (s.findings() == 0) {
    line += ": no findings";
  } else {
    line += fmt::format(": {}{}{}, {}{}{}, {}{}{}", st.severity(Severity::error),
                        plural(s.by_severity[2], "error", "errors"), st.reset(), st.severity(Severity::warning),
                        plural(s.by_severity[1], "warning", "warnings"), st.reset(), st.severity(Severity::info),
                        plural(s.by_severity[0], "info", "info"), st.reset());
  }
  if (s.suppressed > 0) line += fmt::format(", {} suppressed", s.suppressed);
  if (!report.errors.empty())
    line +=
        fmt::format(", {} not checked", plural(static_cast<std::uint32_t>(report.errors.size()), "input", "inputs"));
  if (report.baseline.used) line += fmt::format(", {} in the baseline", report.baseline.known);
  return line;
}

/// Up to this many rows in each table of the overview; the rest are counted.
constexpr std::size_t kOverviewRows = 10;

/// The end of a long report: findings per rule and per file, most first, and the scores.
void write_overview(const Report& report, std::ostream& out, const Style& st) {
  std::map<std::string_view, std::uint32_t> rules;
  std::map<std::string_view, std::uint32_t> files;
  for (const Finding& f : report.findings) {
    ++rules[f.rule];
    ++files[f.file];
  }
  const auto table = [&](std::string_view title, const std::map<std::string_view, std::uint32_t>& counts,
                         std::size_t limit) {
    std::vector<std::pair<std::string_view, std::uint32_t>> rows(counts.begin(), counts.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string text = fmt::format("\n{}{}{}\n", st.bold(), title, st.reset());
    for (std::size_t i = 0; i < rows.size() && i < limit; ++i) {
      text += fmt::format("  {:>6}  {}\n", rows[i].second, printable(rows[i].first));
    }
    if (rows.size() > limit) text += fmt::format("  ... and {} more\n", rows.size() - limit);
    out << text;
  };
  table("Findings by rule:", rules, rules.size());
  table("Findings by file:", files, kOverviewRows);
  const Scores scores = compute_scores(report);
  std::string text =
      fmt::format("\n{}Scores{} (0-100; 100 - 20 per error, 5 per warning, 1 per info):\n", st.bold(), st.reset());
  for (std::size_t i = 0; i < scores.objects.size() && i < kOverviewRows; ++i) {
    const ObjectScore& o = scores.objects[i];
    text += fmt::format("  {:>6}  {} ({})\n", o.score, printable(o.object.display()), printable(o.file));
  }
  if (scores.objects.size() > kOverviewRows) {
    text += fmt::format("  ... and {} more objects with findings\n", scores.objects.size() - kOverviewRows);
  }
  text += fmt::format("  {:>6}  the run ({}, mean over every object checked)\n", scores.run,
                      plural(report.summary.objects, "object", "objects"));
  out << text;
}

/// What the baseline changed: how many findings it knew, and which of its findings are gone.
void write_baseline_section(const BaselineComparison& b, std::ostream& out, const Style& st) {
  std::string text = fmt::format("\n{}Baseline{} {}: {} known {} not shown; {} fixed since\n", st.bold(), st.reset(),
                                 printable(b.file), b.known, b.known == 1 ? "finding" : "findings", b.fixed.size());
  for (const BaselineEntry& e : b.fixed) {
    text +=
        fmt::format("  fixed: {}:{}: [{}] {}{}{}\n", printable(e.file), e.line, e.rule,
                    e.object.empty() ? "" : printable(e.object), e.object.empty() ? "" : ": ", printable(e.message));
  }
  out << text;
}

}  // namespace

void write_text(const Report& report, std::ostream& out, const TextOptions& options) {
  const Style st{options.color};
  const std::string* previous_file = nullptr;
  for (const Finding& f : report.findings) {
    // A blank line between files keeps each file's findings together at a glance.
    if (previous_file && *previous_file != f.file) out << '\n';
    previous_file = &f.file;
    write_finding(out, f, st, false);
  }
  if (options.show_suppressed && !report.suppressed.empty()) {
    if (!report.findings.empty()) out << '\n';
    for (const Finding& f : report.suppressed) write_finding(out, f, st, true);
  }
  if (!report.errors.empty()) {
    if (!report.findings.empty() || (options.show_suppressed && !report.suppressed.empty())) out << '\n';
    for (const InputError& e : report.errors) {
      out << fmt::format("{}{}:{} {}error{} {}\n", st.bold(), printable(e.path), st.reset(),
                         st.severity(Severity::error), st.reset(), printable(e.message));
    }
  }
  if (options.overview && !report.findings.empty()) write_overview(report, out, st);
  if (report.baseline.used) write_baseline_section(report.baseline, out, st);
  if (!options.summary) return;
  const bool listed = !report.findings.empty() || !report.errors.empty() || report.baseline.used;
  out << (listed ? "\n" : "") << summary_text(report, st) << '\n';
}

std::string summary_line(const Report& report, bool color) { return summary_text(report, Style{color}); }

}  // namespace shipshape
