// UTF-8 to UTF-16 code units, for scanning non-ASCII text with tables indexed by JavaScript code units.
#include "automaton.h"
#include "utf8.h"

namespace dragnet {

void utf16Units(const char* text, size_t length, std::vector<uint16_t>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text);
  for (size_t i = 0; i < length;) {
    uint32_t point = nextCodePoint(bytes, i);
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
