// Hash maps keyed by strings that are looked up by string_view without copying the key, and the hash they use.
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dragnet {

/**
 * A hash of a text, 8 bytes at a time: the keys and texts hashed here (field names, values, command lines) are
 * short, where std::hash's byte-wise mixing cost several times as much per look-up.
 */
inline size_t textHash(std::string_view text) {
  auto mix = [](uint64_t a, uint64_t b) {
    __uint128_t product = static_cast<__uint128_t>(a) * b;
    return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
  };
  const char* bytes = text.data();
  size_t size = text.size();
  uint64_t hash = 0x9e3779b97f4a7c15ULL ^ size;
  for (; size >= 8; bytes += 8, size -= 8) {
    uint64_t word;
    std::memcpy(&word, bytes, 8);
    hash = mix(hash ^ word, 0xbf58476d1ce4e5b9ULL);
  }
  if (size > 0) {
    uint64_t word = 0;
    std::memcpy(&word, bytes, size);
    hash = mix(hash ^ word, 0x94d049bb133111ebULL);
  }
  return static_cast<size_t>(hash);
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return textHash(text); }
};

template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

}  // namespace dragnet
