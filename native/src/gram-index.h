// Scans over the gram indexes dragnet's prefilter plans build (gram-index.ts): long patterns by their first classes.
#pragma once
#include <cstdint>
#include <vector>

#include "automaton.h"

namespace dragnet {

/** As in gram-index.ts: a window of GRAM classes of 7 bits each is the key hashed. */
constexpr uint32_t GRAM = 4;
constexpr uint32_t CLASS_BITS = 7;
constexpr uint32_t KEY_MASK = (1u << (GRAM * CLASS_BITS)) - 1;

/** A gram index's tables (see `GramTables`); `bits` 0: the scanner has none. */
struct GramIndex {
  uint32_t bits = 0;
  Table<uint8_t> filter;
  Table<uint32_t> bucketStart;
  Table<uint32_t> keys;
  Table<uint32_t> patternStart;
  Table<uint8_t> patternClasses;
  Table<uint32_t> payloadStart;
  Table<int32_t> payloads;

  /**
   * Calls `sink.hit(payload)` for every pattern in the code units; `units` receives their classes, ignored
   * characters left out.
   */
  template <typename Unit, typename Sink>
  void scan(const Unit* text, size_t length, const uint16_t* symbols, const uint8_t* classes,
            std::vector<uint8_t>& units, Sink& sink) const {
    if (units.size() < length) units.resize(length * 2);
    uint8_t* out = units.data();
    size_t size = 0;
    for (size_t i = 0; i < length; i++) {
      uint8_t cls = classes[symbols[text[i]]];
      out[size] = cls;
      size += cls != SKIP_CLASS;
    }
    uint32_t key = 0;
    for (size_t i = 0; i < size; i++) {
      key = ((key << CLASS_BITS) | out[i]) & KEY_MASK;
      if (i + 1 < GRAM) continue;
      uint32_t bucket = (key * 0x9e3779b1u) >> (32 - bits);
      if (filter[bucket >> 3] & (1u << (bucket & 7))) compare(out, size, i + 1, key, bucket, sink);
    }
  }

 private:
  /** Reports the patterns of the bucket whose first window (of key `key`) ends before `after` and that go on there. */
  template <typename Sink>
  void compare(const uint8_t* units, size_t size, size_t after, uint32_t key, uint32_t bucket, Sink& sink) const {
    for (uint32_t pattern = bucketStart[bucket]; pattern < bucketStart[bucket + 1]; pattern++) {
      if (keys[pattern] != key) continue;
      uint32_t from = patternStart[pattern];
      uint32_t rest = patternStart[pattern + 1] - from;
      if (after + rest > size) continue;
      uint32_t k = 0;
      while (k < rest && units[after + k] == patternClasses[from + k]) k++;
      if (k < rest) continue;
      for (uint32_t i = payloadStart[pattern]; i < payloadStart[pattern + 1]; i++) sink.hit(payloads[i]);
    }
  }
};

}  // namespace dragnet
