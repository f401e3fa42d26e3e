// Decoding of valid UTF-8 (simdjson has checked it), one code point at a time.
#pragma once
#include <cstddef>
#include <cstdint>

namespace dragnet {

/** The code point starting at bytes[i]; moves i past it. */
inline uint32_t nextCodePoint(const unsigned char* bytes, size_t& i) {
  uint32_t c = bytes[i];
  if (c < 0x80) {
    i += 1;
    return c;
  }
  if (c < 0xe0) {
    i += 2;
    return ((c & 0x1f) << 6) | (bytes[i - 1] & 0x3f);
  }
  if (c < 0xf0) {
    i += 3;
    return ((c & 0x0f) << 12) | ((bytes[i - 2] & 0x3f) << 6) | (bytes[i - 1] & 0x3f);
  }
  i += 4;
  return ((c & 0x07) << 18) | ((bytes[i - 3] & 0x3f) << 12) | ((bytes[i - 2] & 0x3f) << 6) | (bytes[i - 1] & 0x3f);
}

}  // namespace dragnet
