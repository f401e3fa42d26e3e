// JavaScript's String(number) and Number(string) for the values native screening reads, unsure where they would differ.
#include "js-values.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "utf8.h"

namespace dragnet {

namespace {

constexpr double SAFE_INTEGER = 9007199254740992.0;  // 2^53: integers up to it print the same in JS and here

Answer integerText(double number, std::string& scratch, std::string_view& text) {
  scratch = std::to_string(static_cast<long long>(number));
  text = scratch;
  return Answer::Found;
}

/** String(n) for a double: integers below 2^53, and fractions JS prints without an exponent. */
Answer doubleText(double number, std::string& scratch, std::string_view& text) {
  if (number == 0) {
    scratch.assign(1, '0');  // -0 too
    text = scratch;
    return Answer::Found;
  }
  double magnitude = std::fabs(number);
  if (std::trunc(number) == number) {
    if (magnitude <= SAFE_INTEGER) return integerText(number, scratch, text);
    return Answer::Unsure;
  }
  if (magnitude < 1e-6 || magnitude >= 1e21) return Answer::Unsure;  // JS prints an exponent there
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed);
  if (result.ec != std::errc()) return Answer::Unsure;
  scratch.assign(buffer, result.ptr);
  text = scratch;
  return Answer::Found;
}

bool isJsSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

/** Number(text) for a radix literal (`0x1F`, `0o17`, `0b101`); unsure past 2^53. */
Answer radixNumber(std::string_view digits, int radix, double& number) {
  if (digits.empty()) return Answer::None;
  double value = 0;
  for (char c : digits) {
    int digit = isDigit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10 : 99;
    if (digit >= radix) return Answer::None;
    value = value * radix + digit;
    if (value > SAFE_INTEGER) return Answer::Unsure;
  }
  number = value;
  return Answer::Found;
}

/** Whether the text is a JS decimal literal: sign, digits with an optional point, optional exponent. */
bool isDecimalLiteral(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) i++;
  size_t digits = 0;
  while (i < text.size() && isDigit(text[i])) i++, digits++;
  if (i < text.size() && text[i] == '.') {
    i++;
    while (i < text.size() && isDigit(text[i])) i++, digits++;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) i++;
    size_t exponent = 0;
    while (i < text.size() && isDigit(text[i])) i++, exponent++;
    if (exponent == 0) return false;
  }
  return i == text.size();
}

/** Number(text) where the text is not blank after trimming; None for NaN. */
Answer stringNumber(std::string_view text, double& number) {
  size_t first = 0;
  size_t last = text.size();
  while (first < last && isJsSpace(text[first])) first++;
  while (last > first && isJsSpace(text[last - 1])) last--;
  if (first == last) return Answer::None;  // blank: parseNumber gives none
  // Unicode white space (no-break space, …) at either end is trimmed by JS: not worked out here.
  if (static_cast<unsigned char>(text[first]) >= 0x80 || static_cast<unsigned char>(text[last - 1]) >= 0x80)
    return Answer::Unsure;
  std::string_view body = text.substr(first, last - first);
  if (body.size() > 2 && body[0] == '0') {
    char kind = body[1] | 0x20;
    if (kind == 'x') return radixNumber(body.substr(2), 16, number);
    if (kind == 'o') return radixNumber(body.substr(2), 8, number);
    if (kind == 'b') return radixNumber(body.substr(2), 2, number);
  }
  std::string_view unsigned_ = body[0] == '+' || body[0] == '-' ? body.substr(1) : body;
  if (unsigned_ == "Infinity") {
    number = body[0] == '-' ? -INFINITY : INFINITY;
    return Answer::Found;
  }
  if (!isDecimalLiteral(body)) return Answer::None;
  std::string copy(body);
  number = std::strtod(copy.c_str(), nullptr);  // correctly rounded, as JS is
  return Answer::Found;
}

}  // namespace

Answer valueText(Element value, std::string& scratch, std::string_view& text) {
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      text = value.get_string().value_unsafe();
      return Answer::Found;
    case simdjson::dom::element_type::INT64: {
      int64_t n = value.get_int64().value_unsafe();
      if (n > 9007199254740992LL || n < -9007199254740992LL) return Answer::Unsure;
      scratch = std::to_string(n);
      text = scratch;
      return Answer::Found;
    }
    case simdjson::dom::element_type::UINT64: {
      uint64_t n = value.get_uint64().value_unsafe();
      if (n > 9007199254740992ULL) return Answer::Unsure;
      scratch = std::to_string(n);
      text = scratch;
      return Answer::Found;
    }
    case simdjson::dom::element_type::DOUBLE:
      return doubleText(value.get_double().value_unsafe(), scratch, text);
    case simdjson::dom::element_type::BOOL:
      text = value.get_bool().value_unsafe() ? "true" : "false";
      return Answer::Found;
    default:
      return Answer::None;
  }
}

Answer valueNumber(Element value, double& number) {
  switch (value.type()) {
    case simdjson::dom::element_type::INT64:
      number = static_cast<double>(value.get_int64().value_unsafe());
      return Answer::Found;
    case simdjson::dom::element_type::UINT64:
      number = static_cast<double>(value.get_uint64().value_unsafe());
      return Answer::Found;
    case simdjson::dom::element_type::DOUBLE:
      number = value.get_double().value_unsafe();
      return Answer::Found;
    case simdjson::dom::element_type::STRING:
      return stringNumber(value.get_string().value_unsafe(), number);
    default:
      return Answer::None;
  }
}

namespace {

constexpr uint64_t EACH_BYTE = 0x0101010101010101ULL;
constexpr uint64_t HIGH_BITS = 0x80 * EACH_BYTE;

uint64_t wordAt(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  return word;
}

/** The 8 bytes with A-Z lower-cased (other bytes kept), all at once. */
uint64_t lowerWord(uint64_t word) {
  uint64_t low7 = word & ~HIGH_BITS;
  uint64_t aboveZ = low7 + (0x7f - 'Z') * EACH_BYTE;  // high bit: byte & 0x7f > 'Z'
  uint64_t fromA = low7 + (0x80 - 'A') * EACH_BYTE;   // high bit: byte & 0x7f >= 'A'
  uint64_t upper = (fromA ^ aboveZ) & ~word & HIGH_BITS;
  return word | (upper >> 2);
}

}  // namespace

bool isAscii(std::string_view text) {
  const char* bytes = text.data();
  size_t size = text.size();
  size_t i = 0;
  uint64_t seen = 0;
  for (; i + 8 <= size; i += 8) seen |= wordAt(bytes + i);
  for (; i < size; i++) seen |= static_cast<unsigned char>(bytes[i]);
  return (seen & HIGH_BITS) == 0;
}

void asciiLower(std::string_view text, std::string& out) {
  out.resize(text.size());
  const char* from = text.data();
  char* to = out.data();
  size_t size = text.size();
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word = lowerWord(wordAt(from + i));
    std::memcpy(to + i, &word, sizeof word);
  }
  for (; i < size; i++) {
    char c = from[i];
    to[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
  }
}

namespace {

void appendUtf8(uint32_t point, std::string& out) {
  if (point < 0x80) {
    out += static_cast<char>(point);
  } else if (point < 0x800) {
    out += static_cast<char>(0xc0 | (point >> 6));
    out += static_cast<char>(0x80 | (point & 0x3f));
  } else {
    out += static_cast<char>(0xe0 | (point >> 12));
    out += static_cast<char>(0x80 | ((point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (point & 0x3f));
  }
}

constexpr uint32_t CAPITAL_I_WITH_DOT = 0x130;
constexpr uint32_t CAPITAL_SIGMA = 0x3a3;

}  // namespace

Answer unicodeLower(std::string_view text, const uint16_t* units, std::string& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    uint32_t point = nextCodePoint(bytes, i);
    if (point < 0x80) {
      out += static_cast<char>(point >= 'A' && point <= 'Z' ? point + 32 : point);
      continue;
    }
    if (point >= 0x10000) return Answer::Unsure;  // astral: JS lower-cases it by code point, not worked out here
    if (point == CAPITAL_SIGMA) return Answer::Unsure;
    if (point == CAPITAL_I_WITH_DOT) {
      out += "i\xcc\x87";  // i and a combining dot above
      continue;
    }
    appendUtf8(units[point], out);
  }
  return Answer::Found;
}

}  // namespace dragnet
