// How JavaScript reads a JSON value as dragnet's matchers do: its text (String(value)), its number (Number(text)).
#pragma once
#include <simdjson.h>

#include <string>
#include <string_view>

namespace dragnet {

using Element = simdjson::dom::element;

/** The array or object an element of that type is (no temporary left to dangle, as `get_array().value()` would). */
inline simdjson::dom::array arrayOf(Element value) {
  simdjson::dom::array out;
  [[maybe_unused]] simdjson::error_code ignored = value.get(out);
  return out;
}

inline simdjson::dom::object objectOf(Element value) {
  simdjson::dom::object out;
  [[maybe_unused]] simdjson::error_code ignored = value.get(out);
  return out;
}

/** What asking for a value's text or number gave: an answer, none (JS has none either), or not known here. */
enum class Answer { Found, None, Unsure };

/**
 * The text `valueText` gives for a value: strings as they are, numbers as `String(n)` prints them, booleans as
 * `true`/`false`; none for null, objects and arrays. Unsure for numbers whose JS text is not worked out here.
 */
Answer valueText(Element value, std::string& scratch, std::string_view& text);

/** The number `parseNumber` gives: numbers, and strings as `Number(text)` reads them (blank: none). */
Answer valueNumber(Element value, double& number);

/** Whether every byte is ASCII. */
bool isAscii(std::string_view text);

/** ASCII text lower-cased as `toLowerCase` does it. */
void asciiLower(std::string_view text, std::string& out);

/**
 * UTF-8 text lower-cased as `toLowerCase` does it, given JS's lower case of each BMP character that has a one-unit
 * lower case (`units`); unsure for a capital sigma (its lower case depends on what follows) and astral characters.
 */
Answer unicodeLower(std::string_view text, const uint16_t* units, std::string& out);

}  // namespace dragnet
