// shipshape_bench --compare: times shipshape's command line and the peers found on PATH
// (kube-score, KubeLinter, Polaris) on the same inputs, interleaved, and prints CPU and wall
// medians with the peers' ratios to shipshape. Inputs a peer cannot read are found first (by
// bisection) and left out for every tool.
#include "peers.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "shipshape/loader.hpp"
#include "shipshape/parser.hpp"

extern char** environ;

namespace shipshape::bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::optional<std::string> on_path(const std::string& name) {
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): read before any thread starts
  if (!path) return std::nullopt;
  std::stringstream in(path);
  std::string dir;
  while (std::getline(in, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

struct RunResult {
  int exit_code = -1;
  double cpu = 0;      // user + system seconds of the child and its threads
  double wall = 0;     // seconds
  std::string output;  // stdout and stderr, when captured (the first 64 KiB)
};

/// Runs `argv` with stdin from /dev/null; stdout and stderr go to /dev/null, or to a file that is
/// read back when `capture` is set.
RunResult run(const std::vector<std::string>& argv, bool capture, const fs::path& scratch) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const std::string out_path = capture ? (scratch / "output.txt").string() : "/dev/null";
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> args = argv;
  std::vector<char*> raw;
  for (auto& a : args) raw.push_back(a.data());
  raw.push_back(nullptr);
  RunResult r;
  pid_t pid = 0;
  const auto t0 = Clock::now();
  const int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.output = fmt::format("cannot start {}: error {}", argv[0], rc);
    return r;
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  r.cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (capture) {
    std::ifstream in(out_path, std::ios::binary);
    r.output.resize(64 * 1024);
    in.read(r.output.data(), static_cast<std::streamsize>(r.output.size()));
    r.output.resize(static_cast<std::size_t>(in.gcount()));
  }
  return r;
}

/// A checker and how to run it on a directory of manifests.
struct Tool {
  std::string name;
  std::string executable;
  std::function<std::vector<std::string>(const Tool&, const fs::path& dir, const std::vector<std::string>& files)> argv;
  /// Whether a run read every input it was given (findings are fine; a parse error is not).
  std::function<bool(const RunResult&)> read_all;
  bool peer = true;
};

bool contains(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

std::vector<Tool> peer_tools() {
  std::vector<Tool> tools;
  if (auto exe = on_path("kube-score")) {
    // kube-score takes files, not directories; it exits 1 for critical findings and stops with
    // "Failed to parse" (or similar) on a file it cannot decode.
    tools.push_back({"kube-score", *exe,
                     [](const Tool& t, const fs::path&, const std::vector<std::string>& files) {
                       std::vector<std::string> a{t.executable, "score", "--output-format", "ci"};
                       a.insert(a.end(), files.begin(), files.end());
                       return a;
                     },
                     [](const RunResult& r) {
                       return (r.exit_code == 0 || r.exit_code == 1) && !contains(r.output, "Failed to") &&
                              !contains(r.output, "failed to");
                     }});
  }
  if (auto exe = on_path("kube-linter")) {
    // KubeLinter walks directories; exit 1 means lint errors, and files it cannot load are
    // reported as "failed to parse" / "failed to load" errors.
    tools.push_back({"kube-linter", *exe,
                     [](const Tool& t, const fs::path& dir, const std::vector<std::string>&) {
                       return std::vector<std::string>{t.executable, "lint", dir.string()};
                     },
                     [](const RunResult& r) {
                       return (r.exit_code == 0 || r.exit_code == 1) && !contains(r.output, "failed to parse") &&
                              !contains(r.output, "failed to load") && !contains(r.output, "failed to read");
                     }});
  }
  if (auto exe = on_path("polaris")) {
    tools.push_back(
        {"polaris", *exe,
         [](const Tool& t, const fs::path& dir, const std::vector<std::string>&) {
           return std::vector<std::string>{
               t.executable, "audit", "--audit-path", dir.string(), "--format", "pretty", "--set-exit-code-below-score",
               "0"};
         },
         [](const RunResult& r) {
           return r.exit_code == 0 && !contains(r.output, "level=error") && !contains(r.output, "Error parsing") &&
                  !contains(r.output, "error parsing");
         }});
  }
  return tools;
}

struct Options {
  std::vector<std::string> inputs;
  int reps = 5;
  std::string shipshape = SHIPSHAPE_CLI_PATH;
  std::vector<unsigned> jobs{1, 2};
  std::vector<shipshape::Parser> parsers;
  std::string data_dir;
  bool keep_data = false;
  std::vector<std::string> only_tools;
};

[[noreturn]] void usage(int code) {
  std::cout << R"(usage: shipshape_bench --compare [OPTIONS] [INPUT...]

Times shipshape's command line and the peers found on PATH (kube-score, kube-linter, polaris)
on the same inputs: CPU seconds (user + system, all threads) and wall seconds, runs interleaved,
medians. INPUT is a directory or a file (default: the corpus and argo-cd's
manifests/ha/install.yaml from it). Files a peer cannot read are excluded for every tool.

  --reps R               runs per tool and input (default 5)
  --jobs J[,J...]        shipshape thread counts (default 1,2)
  --parsers P[,P...]     shipshape YAML parsers (default: each of the build)
  --tools T[,T...]       only these peers
  --shipshape PATH       the shipshape executable (default: the one built with the benchmark)
  --data-dir DIR         where the input copies go (default: a temporary directory)
  --keep-data            keep them
)";
  std::exit(code);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(2);
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      usage(0);
    } else if (a == "--reps") {
      o.reps = std::max(1, std::stoi(value()));
    } else if (a == "--jobs") {
      o.jobs.clear();
      for (const auto& j : split(value())) o.jobs.push_back(static_cast<unsigned>(std::max(1, std::stoi(j))));
    } else if (a == "--parsers") {
      for (const auto& p : split(value())) {
        const auto parser = shipshape::parser_from_name(p);
        if (!parser || !shipshape::parser_available(*parser)) usage(2);
        o.parsers.push_back(*parser);
      }
    } else if (a == "--tools") {
      o.only_tools = split(value());
    } else if (a == "--shipshape") {
      o.shipshape = value();
    } else if (a == "--data-dir") {
      o.data_dir = value();
    } else if (a == "--keep-data") {
      o.keep_data = true;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "unknown option " << a << "\n";
      usage(2);
    } else {
      o.inputs.push_back(a);
    }
  }
  if (o.inputs.empty()) {
    const fs::path corpus = SHIPSHAPE_DEFAULT_CORPUS;
    o.inputs = {corpus.string(), (corpus / "argoproj__argo-cd/manifests/ha/install.yaml").string()};
  }
  if (o.parsers.empty()) {
    for (const auto p : {shipshape::Parser::libfyaml, shipshape::Parser::yaml_cpp}) {
      if (shipshape::parser_available(p)) o.parsers.push_back(p);
    }
  }
  return o;
}

/// Where `f` goes in a tree made of the files under `root`: its path relative to `root`, taken
/// from the names alone (a symbolic link under `root` stays there, wherever it points).
fs::path tree_path(const fs::path& root, const std::string& f) {
  return fs::is_directory(root) ? fs::path(f).lexically_relative(root) : fs::path(f).filename();
}

/// A directory holding the given files under their paths relative to `root` (symbolic links,
/// or copies for the timed runs so that every tool reads plain files).
fs::path make_tree(const fs::path& dir, const fs::path& root, const std::vector<std::string>& files, bool copy) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& f : files) {
    const fs::path target = dir / tree_path(root, f);
    fs::create_directories(target.parent_path());
    if (copy) {
      fs::copy_file(f, target, fs::copy_options::overwrite_existing);
    } else {
      fs::create_symlink(fs::absolute(f), target);
    }
  }
  return dir;
}

/// The files of `files` that `tool` cannot read, found by bisection.
void unreadable(const Tool& tool, const fs::path& root, const std::vector<std::string>& files, const fs::path& scratch,
                std::vector<std::string>& out, int& runs) {
  if (files.empty()) return;
  const fs::path dir = make_tree(scratch / fmt::format("probe-{}", runs), root, files, false);
  std::vector<std::string> linked;
  for (const auto& f : files) {
    linked.push_back((dir / tree_path(root, f)).string());
  }
  const RunResult r = run(tool.argv(tool, dir, linked), true, scratch);
  ++runs;
  fs::remove_all(dir);
  if (tool.read_all(r)) return;
  if (files.size() == 1) {
    out.push_back(files[0]);
    return;
  }
  const auto half = static_cast<std::ptrdiff_t>(files.size() / 2);
  unreadable(tool, root, {files.begin(), files.begin() + half}, scratch, out, runs);
  unreadable(tool, root, {files.begin() + half, files.end()}, scratch, out, runs);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Entry {
  std::string label;  // e.g. "shipshape libfyaml -j1"
  Tool tool;
  std::vector<double> cpu;
  std::vector<double> wall;
  std::vector<int> exit_codes;
};

}  // namespace

int compare_peers(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const fs::path data = o.data_dir.empty() ? fs::temp_directory_path() / fmt::format("shipshape-peers-{}", getpid())
                                           : fs::path(o.data_dir);
  fs::create_directories(data);
  std::vector<Tool> peers = peer_tools();
  if (!o.only_tools.empty()) {
    peers.erase(std::remove_if(peers.begin(), peers.end(),
                               [&](const Tool& t) {
                                 return std::find(o.only_tools.begin(), o.only_tools.end(), t.name) ==
                                        o.only_tools.end();
                               }),
                peers.end());
  }
  fmt::print("shipshape_bench --compare: {} hardware threads, load average {} at the start\n",
             std::thread::hardware_concurrency(), load_average());
  fmt::print(
      "peers on PATH: {}\n", peers.empty() ? std::string("none") : [&] {
        std::string names;
        for (const auto& t : peers) names += (names.empty() ? "" : ", ") + t.name + " (" + t.executable + ")";
        return names;
      }());

  for (const auto& input : o.inputs) {
    const fs::path root = input;
    const shipshape::InputFiles collected = shipshape::collect_inputs({input});
    std::vector<std::string> files = collected.files;
    if (files.empty()) {
      fmt::print(stderr, "shipshape_bench --compare: no manifest in {}\n", input);
      return 2;
    }
    std::uint64_t all_bytes = 0;
    for (const auto& f : files) all_bytes += fs::file_size(f);
    fmt::print("\n== {} ({} files, {:.1f} MB)\n", input, files.size(), static_cast<double>(all_bytes) / 1e6);

    // Exclusions: a file any peer cannot read is left out for all.
    std::map<std::string, std::vector<std::string>> excluded;  // file -> tools
    for (const Tool& t : peers) {
      std::vector<std::string> bad;
      int runs = 0;
      const auto t0 = Clock::now();
      unreadable(t, root, files, data, bad, runs);
      fmt::print("  {} cannot read {} of the files ({} probe runs, {:.0f} s)\n", t.name, bad.size(), runs,
                 std::chrono::duration<double>(Clock::now() - t0).count());
      for (const auto& b : bad) excluded[b].push_back(t.name);
    }
    if (!excluded.empty()) {
      fmt::print("  excluded for every tool:\n");
      for (const auto& [file, tools] : excluded) {
        std::string names;
        for (const auto& n : tools) names += (names.empty() ? "" : ", ") + n;
        fmt::print("    {} (not read by {})\n", file, names);
      }
      files.erase(
          std::remove_if(files.begin(), files.end(), [&](const std::string& f) { return excluded.count(f) > 0; }),
          files.end());
    }
    const fs::path tree = make_tree(data / "input", root, files, true);
    std::vector<std::string> copies;
    std::uint64_t bytes = 0;
    for (const auto& f : files) {
      copies.push_back((tree / tree_path(root, f)).string());
      bytes += fs::file_size(f);
    }

    std::vector<Entry> entries;
    for (const auto parser : o.parsers) {
      for (const unsigned j : o.jobs) {
        Tool t{"shipshape", o.shipshape,
               [parser, j](const Tool& self, const fs::path& dir, const std::vector<std::string>&) {
                 return std::vector<std::string>{self.executable,
                                                 "check",
                                                 "--no-config",
                                                 "-q",
                                                 "--fail-on",
                                                 "never",
                                                 "--parser",
                                                 std::string(shipshape::parser_name(parser)),
                                                 fmt::format("-j{}", j),
                                                 dir.string()};
               },
               [](const RunResult& r) { return r.exit_code == 0; }, false};
        entries.push_back(
            {fmt::format("shipshape ({}, {} thread{})", shipshape::parser_name(parser), j, j == 1 ? "" : "s"),
             t,
             {},
             {},
             {}});
      }
    }
    for (const Tool& t : peers) entries.push_back({t.name, t, {}, {}, {}});

    // Interleaved: every tool once per round, the order rotated each round.
    for (int rep = 0; rep < o.reps; ++rep) {
      for (std::size_t k = 0; k < entries.size(); ++k) {
        Entry& e = entries[(k + static_cast<std::size_t>(rep)) % entries.size()];
        const RunResult r = run(e.tool.argv(e.tool, tree, copies), false, data);
        e.cpu.push_back(r.cpu);
        e.wall.push_back(r.wall);
        e.exit_codes.push_back(r.exit_code);
      }
      fmt::print("  round {} of {} done (load {})\n", rep + 1, o.reps, load_average());
    }

    const double base_cpu = median(entries.front().cpu);
    double fastest_peer = 0;
    for (const auto& e : entries) {
      if (e.tool.peer && (fastest_peer == 0 || median(e.cpu) < fastest_peer)) fastest_peer = median(e.cpu);
    }
    fmt::print("\n  {} files, {:.1f} MB, {} runs each (medians; CPU = user + system of all threads)\n", files.size(),
               static_cast<double>(bytes) / 1e6, o.reps);
    fmt::print("  {:<32} {:>9} {:>9} {:>10} {:>13} {:>6}\n", "tool", "CPU s", "wall s", "MB/CPU-s", "CPU vs first",
               "exit");
    for (const auto& e : entries) {
      const double cpu = median(e.cpu);
      fmt::print("  {:<32} {:>9.3f} {:>9.3f} {:>10.2f} {:>12.2f}x {:>6}\n", e.label, cpu, median(e.wall),
                 static_cast<double>(bytes) / 1e6 / cpu, cpu / base_cpu, e.exit_codes.front());
    }
    if (fastest_peer > 0) {
      fmt::print("  the fastest peer uses {:.1f}x the CPU of {}\n", fastest_peer / base_cpu, entries.front().label);
    }
    fmt::print("  load average at the end: {}\n", load_average());
  }
  if (o.data_dir.empty() && !o.keep_data) fs::remove_all(data);
  return 0;
}

}  // namespace shipshape::bench
