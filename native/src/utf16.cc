// UTF-8 to UTF-16 code units, for scanning non-ASCII text with tables indexed by JavaScript code units.
#include "automaton.h"

namespace dragnet {

void utf16Units(const char* text, size_t length, std::vector<uint16_t>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text);
  for (size_t i = 0; i < length;) {
    uint32_t c = bytes[i];
    uint32_t point;
    if (c < 0x80) {
      point = c;
      i += 1;
    } else if (c < 0xe0) {
      point = ((c & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      point = ((c & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      i += 3;
    } else {
      point = ((c & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
      i += 4;
    }
    if (point < 0x10000) {
      out.push_back(static_cast<uint16_t>(point));
    } else {
      point -= 0x10000;
      out.push_back(static_cast<uint16_t>(0xd800 + (point >> 10)));
      out.push_back(static_cast<uint16_t>(0xdc00 + (point & 0x3ff)));
    }
  }
}

}  // namespace dragnet
