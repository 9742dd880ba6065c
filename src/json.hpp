// RapidJSON types whose memory comes from an allocator that throws std::bad_alloc: RapidJSON's
// own hands back null when memory runs out and then writes through it (a crash, not an error).
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <new>

namespace shipshape::json {

class Allocator {
 public:
  static const bool kNeedFree = true;
  void* Malloc(std::size_t size) {
    if (size == 0) return nullptr;
    void* p = std::malloc(size);
    if (!p) throw std::bad_alloc();
    return p;
  }
  void* Realloc(void* original, std::size_t /*original_size*/, std::size_t new_size) {
    if (new_size == 0) {
      std::free(original);
      return nullptr;
    }
    void* p = std::realloc(original, new_size);
    if (!p) throw std::bad_alloc();
    return p;
  }
  static void Free(void* p) noexcept { std::free(p); }
};

using StringBuffer = rapidjson::GenericStringBuffer<rapidjson::UTF8<>, Allocator>;
template <typename Output>
using Writer = rapidjson::Writer<Output, rapidjson::UTF8<>, rapidjson::UTF8<>, Allocator>;
template <typename Output>
using PrettyWriter = rapidjson::PrettyWriter<Output, rapidjson::UTF8<>, rapidjson::UTF8<>, Allocator>;
using Reader = rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, Allocator>;

}  // namespace shipshape::json
