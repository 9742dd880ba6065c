// The loader: finding input files, reading them, parsing them and building their Resources.
#include "shipshape/loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "internal.hpp"
#include "load.hpp"
#include "parallel.hpp"
#include "parse.hpp"

namespace shipshape {

namespace fs = std::filesystem;

namespace {

bool manifest_extension(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

/// Appends the manifests under `root`, sorted; returns whether any of them was reached through
/// a symbolic link (and so may name a file found elsewhere too).
bool walk_directory(const fs::path& root, std::vector<std::string>& files, std::vector<InputError>& errors) {
  std::vector<std::string> found;
  bool links = false;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) {
    errors.push_back({root.string(), ec.message()});
    return false;
  }
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      errors.push_back({it->path().string(), ec.message()});
      ec.clear();
      continue;
    }
    const fs::path& p = it->path();
    // The entry's own type comes with the directory listing; only links need a stat to follow.
    std::error_code type_ec;
    fs::file_status status = it->symlink_status(type_ec);
    const bool link = !type_ec && fs::is_symlink(status);
    if (hidden(p)) {
      if (!type_ec && fs::is_directory(status)) it.disable_recursion_pending();
      continue;
    }
    if (!type_ec && (link || status.type() == fs::file_type::unknown)) status = it->status(type_ec);
    if (type_ec) {
      // A dangling symlink or an entry we may not stat: say so only for manifest names.
      if (manifest_extension(p)) errors.push_back({p.string(), type_ec.message()});
      continue;
    }
    if (fs::is_directory(status)) {
      // Report directories we cannot enter instead of skipping them silently (access() asks the
      // same question as opening the directory, without reading it twice).
      if (::faccessat(AT_FDCWD, p.c_str(), R_OK | X_OK, AT_EACCESS) != 0) {
        errors.push_back({p.string(), std::error_code(errno, std::generic_category()).message()});
        it.disable_recursion_pending();
      }
      continue;
    }
    if (fs::is_regular_file(status) && manifest_extension(p)) {
      found.push_back(p.string());
      links = links || link;
    }
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
  return links;
}

}  // namespace

InputFiles collect_inputs(const std::vector<std::string>& paths) {
  InputFiles result;
  bool stdin_seen = false;
  // Files of a single directory walk are distinct unless a symbolic link leads to one of them.
  bool may_repeat = paths.size() > 1;
  for (const auto& path : paths) {
    if (path == "-") {
      if (!stdin_seen) result.files.push_back(path);
      stdin_seen = true;
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      result.errors.push_back({path, ec ? ec.message() : "No such file or directory"});
      continue;
    }
    if (fs::is_directory(status)) {
      may_repeat = walk_directory(path, result.files, result.errors) || may_repeat;
    } else if (fs::is_regular_file(status)) {
      result.files.push_back(path);
    } else {
      result.errors.push_back({path, "not a regular file or directory"});
    }
  }
  if (!may_repeat) return result;
  // The same file named twice (directly and through a directory) is checked once: paths are
  // the same file when their canonical forms are equal. Canonical forms cost a system call per
  // path component, so they are compared only among paths to one device and inode (one stat
  // each); different inodes never share a canonical path.
  auto canonical = [](const std::string& f) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(f, ec).string();
    return ec ? f : key;
  };
  struct Path {
    std::string name;
    std::string key;  // canonical form, computed only when another path has the same inode
  };
  std::set<std::string> seen;  // canonical forms of stdin and of paths that stat rejects
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<Path>> by_inode;
  std::vector<std::string> unique;
  for (auto& f : result.files) {
    struct stat st {};
    if (f == "-" || ::stat(f.c_str(), &st) != 0) {
      if (seen.insert(f == "-" ? f : canonical(f)).second) unique.push_back(std::move(f));
      continue;
    }
    auto& same = by_inode[{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)}];
    if (!same.empty()) {
      std::string key = canonical(f);
      bool duplicate = false;
      for (Path& p : same) {
        if (p.key.empty()) p.key = canonical(p.name);
        duplicate = duplicate || p.key == key;
      }
      if (duplicate) continue;
      same.push_back({f, std::move(key)});
    } else {
      same.push_back({f, {}});
    }
    unique.push_back(std::move(f));
  }
  result.files = std::move(unique);
  return result;
}

namespace {

std::string describe_size(std::uint64_t bytes) {
  if (bytes >= (1U << 20) && bytes % (1U << 20) == 0) return fmt::format("{} MiB", bytes >> 20U);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

InputTooLarge::InputTooLarge(std::uint64_t size, std::uint64_t limit)
    : std::runtime_error(
          size == 0 ? fmt::format("the input is larger than the limit of {}", describe_size(limit))
                    : fmt::format("the input is {} bytes, larger than the limit of {}", size, describe_size(limit))),
      size_(size),
      limit_(limit) {}

std::string read_input(const std::string& path, std::uint64_t max_bytes) {
  std::string text;
  if (path == "-") {
    // In pieces: a stream that never ends (`< /dev/zero`) stops at the limit.
    constexpr std::size_t kPiece = std::size_t{1} << 16;
    while (std::cin) {
      const std::size_t used = text.size();
      text.resize(used + kPiece);
      std::cin.read(text.data() + used, static_cast<std::streamsize>(kPiece));
      text.resize(used + static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > max_bytes) throw InputTooLarge(0, max_bytes);
    }
    if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
    return normalize_encoding(std::move(text));
  }
  // POSIX calls rather than a stream: one open, one fstat for the type and size, then reads.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(std::generic_category().message(errno));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw std::runtime_error(std::generic_category().message(errno));
  if (S_ISDIR(st.st_mode)) throw std::runtime_error("is a directory");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) throw InputTooLarge(size, max_bytes);
  text.resize(static_cast<std::size_t>(size));
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::generic_category().message(errno));
    if (n == 0) break;  // the file shrank while we read it
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return normalize_encoding(std::move(text));
}

namespace {

constexpr std::size_t kChunkBytes = std::size_t{256} * 1024;  // parse big streams in pieces this size
constexpr std::size_t kSplitThreshold = 1 << 20;              // streams above this are split

/// Reads one input file (`-` is standard input). Standard input has no name to go by: text
/// that starts with `{` is JSON. `replacement`, when not null, is the text to use instead of
/// the file's.
Source read_source(const std::string& path, const std::string& name, const std::string* replacement,
                   std::uint64_t max_bytes) {
  std::string text;
  if (replacement == nullptr) {
    text = read_input(path, max_bytes);
  } else {
    if (replacement->size() > max_bytes) throw InputTooLarge(replacement->size(), max_bytes);
    text = normalize_encoding(*replacement);
  }
  InputFormat format = format_for(path);
  if (path == "-") {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') format = InputFormat::json;
  }
  return {std::make_shared<SourceText>(name, std::move(text)), format, {}};
}

/// An input over the size limit: checked as one yaml-syntax finding on an empty text.
Source refused_source(const std::string& name, const InputTooLarge& e) {
  return {std::make_shared<SourceText>(name, std::string()), InputFormat::yaml,
          fmt::format("{}; it was not checked (raise the limit with maxInputSize or --max-input-size)", e.what())};
}

/// One unit of loading work: a whole source, or a range of a big YAML stream.
struct LoadTask {
  const Source* source = nullptr;
  std::uint32_t file_index = 0;
  bool whole = true;
  DocumentRange range;
  // Outputs.
  std::vector<Resource> resources;
  std::vector<LoadedProblem> problems;  // `object` indexes `resources`
  std::uint32_t documents = 0;
  std::uint32_t skipped = 0;
};

/// Splits the sources into tasks. Big YAML streams are parsed in ranges whatever the number of
/// threads: the cores share the work, the results do not depend on -j, and each range gets a
/// tree of its own, so a huge stream never needs one huge, over-reserved node array.
std::vector<LoadTask> plan_tasks(const std::vector<Source>& sources) {
  std::vector<LoadTask> tasks;
  for (std::uint32_t index = 0; index < sources.size(); ++index) {
    const Source& s = sources[index];
    const std::string_view text = s.text->text();
    if (s.refused.empty() && s.format == InputFormat::yaml && text.size() > kSplitThreshold &&
        text.find('\0') == std::string_view::npos) {
      for (const DocumentRange& r : split_documents(text, kChunkBytes)) {
        LoadTask t;
        t.source = &s;
        t.file_index = index;
        t.whole = false;
        t.range = r;
        if (t.range.begin == 0 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) t.range.begin = 3;
        tasks.push_back(std::move(t));
      }
    } else {
      LoadTask t;
      t.source = &s;
      t.file_index = index;
      tasks.push_back(std::move(t));
    }
  }
  return tasks;
}

/// Parses a task's text and builds its Resources. A problem that names an object belongs to
/// that object (of its document).
void run_task(LoadTask& t, const ResourceBuilder& builder, Parser parser) {
  if (!t.source->refused.empty()) {
    Problem p{ProblemKind::yaml_syntax, t.source->text, 0, 0, t.source->refused, {}, {}};
    t.problems.push_back({std::move(p), t.file_index, LoadedProblem::kNoObject});
    return;
  }
  ParseResult parsed =
      t.whole ? parse(t.source->text, t.source->format, {}, parser)
              : parse_yaml_range(t.source->text, t.range.begin, t.range.end, t.range.first_document, {}, parser);
  for (Problem& p : parsed.problems) t.problems.push_back({std::move(p), t.file_index, LoadedProblem::kNoObject});
  t.documents = static_cast<std::uint32_t>(parsed.documents.size());
  ResourceBuilder::Counts counts;
  std::vector<Problem> problems;
  for (const Document& doc : parsed.documents) {
    const std::size_t first_resource = t.resources.size();
    problems.clear();
    builder.add(doc, t.file_index, t.resources, problems, counts);
    for (Problem& p : problems) {
      std::uint32_t owner = LoadedProblem::kNoObject;
      if (!p.object.kind.empty()) {
        for (std::size_t r = first_resource; r < t.resources.size(); ++r) {
          if (t.resources[r].root().offset() <= p.offset && t.resources[r].ref() == p.object) {
            owner = static_cast<std::uint32_t>(r);
          }
        }
      }
      t.problems.push_back({std::move(p), t.file_index, owner});
    }
  }
  t.skipped = counts.skipped;
}

}  // namespace

Sources read_sources(const std::vector<std::string>& paths, std::vector<TextInput> texts, const ReplacedFiles& replaced,
                     std::uint64_t max_bytes, unsigned jobs, const CancelFlag& cancel) {
  max_bytes = std::min(max_bytes, kMaxInputBytesCeiling);
  InputFiles inputs = collect_inputs(paths);
  struct Read {
    std::string name;
    Source source;
    std::string error;
  };
  std::vector<Read> read(inputs.files.size());
  parallel_for(inputs.files.size(), jobs, [&](std::size_t i, unsigned) {
    if (cancel.raised()) return;
    const std::string& path = inputs.files[i];
    read[i].name = path == "-" ? "<stdin>" : path;
    try {
      const auto replacement = replaced.find(read[i].name);
      read[i].source =
          read_source(path, read[i].name, replacement == replaced.end() ? nullptr : &replacement->second, max_bytes);
    } catch (const InputTooLarge& e) {
      read[i].source = refused_source(read[i].name, e);
    } catch (const std::exception& e) {
      read[i].error = e.what();
    }
  });
  Sources out;
  out.errors = std::move(inputs.errors);
  out.files.reserve(read.size() + texts.size());
  for (Read& r : read) {
    if (r.source.text) {
      out.files.push_back(std::move(r.source));
    } else {
      out.errors.push_back({std::move(r.name), std::move(r.error)});
    }
  }
  for (TextInput& t : texts) {
    if (t.text.size() > max_bytes) {
      out.files.push_back(refused_source(t.name, InputTooLarge(t.text.size(), max_bytes)));
      std::string().swap(t.text);
      continue;
    }
    out.files.push_back({std::make_shared<SourceText>(t.name, normalize_encoding(std::move(t.text))), t.format, {}});
  }
  return out;
}

Loaded load(const std::vector<Source>& sources, const ResourceBuilder& builder, unsigned jobs, Parser parser,
            const CancelFlag& cancel) {
  std::vector<LoadTask> tasks = plan_tasks(sources);
  parallel_for(tasks.size(), jobs, [&](std::size_t i, unsigned) {
    if (!cancel.raised()) run_task(tasks[i], builder, parser);
  });

  // One list of resources in input order; ids are positions in it.
  Loaded out;
  std::size_t total = 0;
  for (const auto& t : tasks) total += t.resources.size();
  out.resources.reserve(total);
  for (LoadTask& t : tasks) {
    const auto base = static_cast<std::uint32_t>(out.resources.size());
    for (auto& r : t.resources) {
      ResourceBuilder::set_id(r, static_cast<std::uint32_t>(out.resources.size()));
      out.resources.push_back(std::move(r));
    }
    std::vector<Resource>().swap(t.resources);  // give the moved-from array back now
    for (LoadedProblem& p : t.problems) {
      if (p.object != LoadedProblem::kNoObject) p.object += base;
      out.problems.push_back(std::move(p));
    }
    out.documents += t.documents;
    out.skipped_documents += t.skipped;
  }
  std::vector<LoadTask>().swap(tasks);
#ifdef __GLIBC__
  // Loading freed the per-task arrays and the parser's scratch, much of it in the workers'
  // arenas where the index (built on this thread) cannot reuse it: return those pages now so
  // they do not add to the peak. About 0.1x the input size on a big stream.
  malloc_trim(0);
#endif
  return out;
}

std::string normalize_encoding(std::string text) {
  if (text.size() < 2) return text;
  const auto b0 = static_cast<unsigned char>(text[0]);
  const auto b1 = static_cast<unsigned char>(text[1]);
  const bool le = b0 == 0xFF && b1 == 0xFE;
  const bool be = b0 == 0xFE && b1 == 0xFF;
  if (!le && !be) return text;
  std::string out;
  out.reserve(text.size() / 2);
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto a = static_cast<std::uint32_t>(static_cast<unsigned char>(text[i]));
    const auto b = static_cast<std::uint32_t>(static_cast<unsigned char>(text[i + 1]));
    return le ? (a | (b << 8U)) : ((a << 8U) | b);
  };
  auto put = [&](std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  };
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < text.size()) {
      const std::uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
        i += 2;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    put(cp);
  }
  return out;
}

}  // namespace shipshape
