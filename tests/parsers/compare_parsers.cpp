// shipshape_compare_parsers: parses inputs with yaml-cpp and with libfyaml and compares the
// trees node by node (kind, byte offset, text, plain flag), the input problems, and the reports
// of a full check. Used by the `parsers` test (fixtures and a corpus sample) and by hand on a
// whole corpus; see docs/parsers.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parse.hpp"
#include "shipshape/shipshape.hpp"

using namespace shipshape;

namespace {

struct CompareOptions {
  std::vector<std::pair<std::string, std::size_t>> paths;  // with the sampling stride given before it
  bool reports = true;
  bool verbose = false;
};

[[noreturn]] void usage() {
  std::cerr << "usage: shipshape_compare_parsers [--no-reports] [--verbose] [[--sample N] PATH...]...\n"
               "--sample N: compare every Nth file of the paths that follow.\n"
               "Exit code 1 when the parsers build different trees, accept different documents, or\n"
               "produce different reports (syntax-error messages and positions may differ).\n";
  std::exit(2);
}

/// Text with line breaks, tabs and other control characters escaped, for one-line messages.
std::string escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string where(const SourceText& source, std::uint32_t offset) {
  const Position p = source.position(offset);
  return fmt::format("{}:{}:{}", source.name(), p.line, p.column);
}

/// The first difference between two trees, or empty.
std::string compare_values(Value a, Value b, const std::string& path) {
  if (a.kind() != b.kind()) {
    return fmt::format("{}: yaml-cpp has a {} node, libfyaml a {} node", path, static_cast<int>(a.kind()),
                       static_cast<int>(b.kind()));
  }
  if (a.offset() != b.offset()) {
    return fmt::format("{}: at {} with yaml-cpp, at {} with libfyaml", path, where(*a.source(), a.offset()),
                       where(*b.source(), b.offset()));
  }
  if (a.is_scalar()) {
    if (a.str() != b.str()) {
      return fmt::format("{}: text \"{}\" with yaml-cpp, \"{}\" with libfyaml", path, escaped(a.str()),
                         escaped(b.str()));
    }
    const bool plain_a = (a.node()->flags() & detail::kPlain) != 0;
    const bool plain_b = (b.node()->flags() & detail::kPlain) != 0;
    if (plain_a != plain_b) return fmt::format("{}: plain {} with yaml-cpp, {} with libfyaml", path, plain_a, plain_b);
    return {};
  }
  if (a.size() != b.size())
    return fmt::format("{}: {} children with yaml-cpp, {} with libfyaml", path, a.size(), b.size());
  if (a.is_sequence()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (auto d = compare_values(a[i], b[i], fmt::format("{}[{}]", path, i)); !d.empty()) return d;
    }
  } else if (a.is_mapping()) {
    auto ia = a.entries().begin();
    auto ib = b.entries().begin();
    for (; ia != a.entries().end(); ++ia, ++ib) {
      const Entry ea = *ia;
      const Entry eb = *ib;
      const std::string key = fmt::format("{}.{}", path, ea.key.str());
      if (auto d = compare_values(ea.key, eb.key, key + " (key)"); !d.empty()) return d;
      if (auto d = compare_values(ea.value, eb.value, key); !d.empty()) return d;
    }
  }
  return {};
}

struct Tally {
  std::size_t files = 0;
  std::size_t bytes = 0;
  std::size_t documents = 0;
  std::size_t tree_differences = 0;
  std::size_t acceptance_differences = 0;
  std::size_t syntax_position_differences = 0;
  std::size_t both_refused = 0;
};

/// Whether a yaml-syntax message is worded by the parser (its syntax errors) rather than by the
/// shared tree builder (duplicate keys, limits, merge keys, binary data), which both front ends
/// must report identically.
bool parser_worded(std::string_view rule, std::string_view message) {
  if (rule != "yaml-syntax") return false;
  for (const std::string_view shared :
       {"duplicate key", "aliases expand", "nesting deeper than", "a merge key", "the value of a merge key",
        "alias refers to an anchor that is not complete", "the file holds binary", "a string or collection with"}) {
    if (message.substr(0, shared.size()) == shared) return false;
  }
  return true;
}

bool is_syntax(const Problem& p) {
  return p.kind == ProblemKind::yaml_syntax && parser_worded("yaml-syntax", p.message);
}

void compare_file(const std::string& path, const CompareOptions& o, Tally& tally) {
  std::string text;
  try {
    text = read_input(path, 2'000'000'000ULL);
  } catch (const std::exception& e) {
    std::cout << path << ": unreadable: " << e.what() << "\n";
    return;
  }
  ++tally.files;
  tally.bytes += text.size();
  const auto source = std::make_shared<const SourceText>(path, std::move(text));
  const InputFormat format = format_for(path);
  const ParseResult a = parse(source, format, {}, Parser::yaml_cpp);
  const ParseResult b = parse(source, format, {}, Parser::libfyaml);
  tally.documents += a.documents.size();

  std::vector<const Problem*> syntax_a;
  std::vector<const Problem*> syntax_b;
  std::vector<const Problem*> other_a;
  std::vector<const Problem*> other_b;
  for (const Problem& p : a.problems) (is_syntax(p) ? syntax_a : other_a).push_back(&p);
  for (const Problem& p : b.problems) (is_syntax(p) ? syntax_b : other_b).push_back(&p);
  const auto by_offset = [](const Problem* x, const Problem* y) { return x->offset < y->offset; };
  std::stable_sort(syntax_a.begin(), syntax_a.end(), by_offset);
  std::stable_sort(syntax_b.begin(), syntax_b.end(), by_offset);
  auto describe = [&](const std::vector<const Problem*>& list) {
    std::string out;
    for (const Problem* p : list)
      out += fmt::format("\n      {} (document {}): {}", where(*source, p->offset), p->document, p->message);
    return out;
  };
  if (syntax_a.size() != syntax_b.size()) {
    ++tally.acceptance_differences;
    std::cout << fmt::format("{}: ACCEPTANCE differs\n    yaml-cpp:{}\n    libfyaml:{}\n", path,
                             syntax_a.empty() ? " accepts" : describe(syntax_a),
                             syntax_b.empty() ? " accepts" : describe(syntax_b));
    return;
  }
  if (!syntax_a.empty()) ++tally.both_refused;
  // Where the parsers place a syntax error differently, only the documents before both errors
  // are compared.
  std::uint32_t compared = 0xFFFFFFFFU;
  for (std::size_t i = 0; i < syntax_a.size(); ++i) {
    if (syntax_a[i]->offset != syntax_b[i]->offset || syntax_a[i]->document != syntax_b[i]->document ||
        syntax_a[i]->message != syntax_b[i]->message) {
      compared = std::min(syntax_a[i]->document, syntax_b[i]->document);
      ++tally.syntax_position_differences;
      if (o.verbose) {
        std::cout << fmt::format("{}: syntax error reported differently\n    yaml-cpp:{}\n    libfyaml:{}\n", path,
                                 describe(syntax_a), describe(syntax_b));
      }
      break;
    }
  }
  // Documents and duplicate keys must agree exactly when both parsers accept the same documents.
  std::string diff;
  auto before = [&](std::vector<const Problem*>& list) {
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Problem* p) { return p->document >= compared; }),
               list.end());
  };
  before(other_a);
  before(other_b);
  if (other_a.size() != other_b.size()) {
    diff = fmt::format("{} other problems with yaml-cpp, {} with libfyaml:{}{}", other_a.size(), other_b.size(),
                       describe(other_a), describe(other_b));
  }
  for (std::size_t i = 0; diff.empty() && i < other_a.size(); ++i) {
    if (other_a[i]->offset != other_b[i]->offset || other_a[i]->message != other_b[i]->message ||
        other_a[i]->document != other_b[i]->document) {
      diff = fmt::format("problem differs:{}{}", describe({other_a[i]}), describe({other_b[i]}));
    }
  }
  if (diff.empty() && a.documents.size() != b.documents.size() && compared == 0xFFFFFFFFU) {
    diff = fmt::format("{} documents with yaml-cpp, {} with libfyaml", a.documents.size(), b.documents.size());
  }
  for (std::size_t i = 0; diff.empty() && i < std::min(a.documents.size(), b.documents.size()); ++i) {
    const Document& da = a.documents[i];
    const Document& db = b.documents[i];
    if (da.index >= compared || db.index >= compared) break;
    if (da.index != db.index || da.helm_source != db.helm_source || bool(da.root) != bool(db.root)) {
      diff = fmt::format("document {}: number, Helm source or presence differs", i);
    } else if (da.root) {
      diff = compare_values(da.root, db.root, fmt::format("document {}", da.index));
    }
  }
  if (!diff.empty()) {
    ++tally.tree_differences;
    std::cout << path << ": TREE differs: " << diff << "\n";
  }
}

Report check_with(const std::vector<std::string>& files, Parser parser) {
  Config config;
  config.parser = parser;
  Engine engine(config);
  return engine.check_paths(files);
}

std::string finding_text(const Finding& f) {
  std::string fix;
  for (const auto& op : f.fix) fix += fmt::format(" {} {} {}", op.op, op.path, op.value);
  return fmt::format("{}:{}:{} [{}] {} {} document {} path {} object {}/{}/{}/{} helm {} fix{}", f.file, f.line,
                     f.column, f.rule, to_string(f.severity), f.message, f.document, f.path, f.object.api_version,
                     f.object.kind, f.object.ns, f.object.name, f.helm_source, fix);
}

/// Compares two reports: everything must be equal except the wording and position of the
/// parsers' own syntax errors, which must still name the same file and document.
std::vector<std::string> compare_reports(const Report& a, const Report& b, std::size_t& worded_differently) {
  std::vector<std::string> out;
  auto split = [](const Report& r, std::vector<std::string>& exact, std::vector<std::string>& syntax) {
    for (const auto* list : {&r.findings, &r.suppressed}) {
      for (const Finding& f : *list) {
        if (parser_worded(f.rule, f.message)) {
          syntax.push_back(fmt::format("{} document {}", f.file, f.document));
        } else {
          exact.push_back(finding_text(f));
        }
      }
    }
    std::sort(syntax.begin(), syntax.end());
  };
  std::vector<std::string> exact_a, exact_b, syntax_a, syntax_b;
  split(a, exact_a, syntax_a);
  split(b, exact_b, syntax_b);
  for (std::size_t i = 0; i < std::max(exact_a.size(), exact_b.size()) && out.size() < 20; ++i) {
    const std::string fa = i < exact_a.size() ? exact_a[i] : "(none)";
    const std::string fb = i < exact_b.size() ? exact_b[i] : "(none)";
    if (fa != fb) out.push_back(fmt::format("finding {}:\n  yaml-cpp: {}\n  libfyaml: {}", i, fa, fb));
  }
  if (syntax_a != syntax_b) {
    out.push_back(fmt::format("syntax errors in different documents: {} with yaml-cpp, {} with libfyaml",
                              syntax_a.size(), syntax_b.size()));
  }
  std::size_t worded = 0;
  for (const Report* r : {&a, &b}) {
    for (const Finding& f : r->findings) worded += parser_worded(f.rule, f.message) ? 1U : 0U;
  }
  worded_differently = worded;
  const auto& sa = a.summary;
  const auto& sb = b.summary;
  if (sa.files != sb.files || sa.documents != sb.documents || sa.objects != sb.objects ||
      sa.skipped_documents != sb.skipped_documents || sa.suppressed != sb.suppressed ||
      sa.by_severity != sb.by_severity) {
    out.push_back("summaries differ");
  }
  if (a.errors.size() != b.errors.size()) out.push_back("unreadable inputs differ");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CompareOptions o;
  std::size_t sample = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--sample" && i + 1 < argc) {
      sample = std::max<std::size_t>(1, std::stoul(argv[++i]));
    } else if (a == "--no-reports") {
      o.reports = false;
    } else if (a == "--verbose") {
      o.verbose = true;
    } else if (!a.empty() && a[0] == '-') {
      usage();
    } else {
      o.paths.emplace_back(a, sample);
    }
  }
  if (o.paths.empty()) usage();
  if (!parser_available(Parser::libfyaml)) {
    std::cout << "this build has no libfyaml front end: nothing to compare\n";
    return 0;
  }
  std::vector<std::string> files;
  for (const auto& [path, stride] : o.paths) {
    const InputFiles inputs = collect_inputs({path});
    for (const auto& e : inputs.errors) std::cout << e.path << ": " << e.message << "\n";
    for (std::size_t i = 0; i < inputs.files.size(); i += stride) files.push_back(inputs.files[i]);
  }
  Tally tally;
  for (const auto& f : files) compare_file(f, o, tally);

  bool reports_differ = false;
  std::size_t worded = 0;
  if (o.reports) {
    const auto differences =
        compare_reports(check_with(files, Parser::yaml_cpp), check_with(files, Parser::libfyaml), worded);
    reports_differ = !differences.empty();
    for (const auto& d : differences) std::cout << "REPORT " << d << "\n";
  }
  std::cout << fmt::format(
      "{} files ({:.1f} MB, {} documents): {} tree differences, {} acceptance differences, {} refused by both "
      "({} with differently placed or worded errors); reports {} ({} parser-worded syntax findings)\n",
      tally.files, static_cast<double>(tally.bytes) / 1e6, tally.documents, tally.tree_differences,
      tally.acceptance_differences, tally.both_refused, tally.syntax_position_differences,
      !o.reports       ? "not compared"
      : reports_differ ? "DIFFER"
                       : "identical",
      worded);
  return tally.tree_differences || tally.acceptance_differences || reports_differ ? 1 : 0;
}
