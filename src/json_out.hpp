// Writing JSON reports: UTF-8-safe strings and a buffered pretty writer over a std::ostream.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "internal.hpp"
#include "json.hpp"
#include "shipshape/report.hpp"

namespace shipshape {
namespace {  // NOLINT(google-build-namespaces,cert-dcl59-cpp): one copy per report source

// Every string goes out as valid UTF-8 (file names and rule messages may not be): RapidJSON
// copies bytes as they are, and one invalid byte makes the whole report unreadable.
template <typename Writer>
void string(Writer& w, std::string_view s) {
  if (invalid_utf8_at(s) != std::string_view::npos) {
    const std::string valid = repair_utf8(s);
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
    return;
  }
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
void key(Writer& w, std::string_view s) {
  if (invalid_utf8_at(s) != std::string_view::npos) {
    const std::string valid = repair_utf8(s);
    w.Key(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
    return;
  }
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
void string_or_null(Writer& w, std::string_view s) {
  if (s.empty()) {
    w.Null();
  } else {
    string(w, s);
  }
}

/// One finding as a baseline file lists it (write_baseline), and as the JSON report lists the
/// baseline's fixed findings.
template <typename Writer>
void write_baseline_entry(Writer& w, const BaselineEntry& e) {
  w.StartObject();
  key(w, "fingerprint");
  string(w, e.fingerprint);
  key(w, "rule");
  string(w, e.rule);
  key(w, "severity");
  string(w, to_string(e.severity));
  key(w, "object");
  string_or_null(w, e.object);
  key(w, "path");
  string_or_null(w, e.path);
  key(w, "file");
  string(w, e.file);
  key(w, "line");
  w.Uint(e.line);
  key(w, "message");
  string(w, e.message);
  w.EndObject();
}

/// A RapidJSON output stream that buffers 64 KiB at a time into a std::ostream, so a big
/// report is never held whole in memory as text (and is not written a character at a time).
class BufferedStream {
 public:
  using Ch = char;
  explicit BufferedStream(std::ostream& out) : out_(out) { buffer_.reserve(kSize); }
  BufferedStream(const BufferedStream&) = delete;
  BufferedStream& operator=(const BufferedStream&) = delete;
  ~BufferedStream() { Flush(); }
  void Put(Ch c) {
    buffer_.push_back(c);
    if (buffer_.size() == kSize) Flush();
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kSize = std::size_t{64} * 1024;
  std::ostream& out_;
  std::string buffer_;
};

/// The pretty JSON writer over a BufferedStream.
class Output {
 public:
  explicit Output(std::ostream& out) : stream_(out), writer_(stream_) { writer_.SetIndent(' ', 2); }
  json::PrettyWriter<BufferedStream>& writer() { return writer_; }
  void finish() {
    stream_.Put('\n');
    stream_.Flush();
  }

 private:
  BufferedStream stream_;
  json::PrettyWriter<BufferedStream> writer_;
};

}  // namespace
}  // namespace shipshape
