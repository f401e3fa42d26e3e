// The line loop of native screening: the same lines, records and hand-overs as piece-events.ts.
#include "screener.h"

#include <algorithm>
#include <cstring>

namespace dragnet {

namespace {

constexpr uint8_t NEWLINE = '\n';

/** Whether the line holds nothing but what JS skips between records: blanks, commas, brackets. */
bool isFiller(const uint8_t* bytes, size_t start, size_t end) {
  for (size_t i = start; i < end; i++) {
    uint8_t byte = bytes[i];
    if (byte > 32 && byte != ',' && byte != '[' && byte != ']') return false;
  }
  return true;
}

/** Whether the text escapes a UTF-16 surrogate (`\ud83d`): JSON.parse keeps lone ones, which simdjson may not. */
bool escapesSurrogate(const uint8_t* bytes, size_t start, size_t end) {
  const uint8_t* at = bytes + start;
  const uint8_t* stop = bytes + end;
  while (at < stop) {
    const void* found = std::memchr(at, '\\', static_cast<size_t>(stop - at));
    if (!found) return false;
    const uint8_t* slash = static_cast<const uint8_t*>(found);
    if (slash + 2 < stop && slash[1] == 'u' && (slash[2] | 0x20) == 'd') return true;
    at = slash + 2;  // past the escaped character: `\\ud` is a backslash and text
  }
  return false;
}

}  // namespace

bool Screener::holds(const DetectExpr& expr, Element root) {
  switch (expr.kind) {
    case DetectExpr::And:
      for (const DetectExpr& child : expr.children)
        if (!holds(child, root)) return false;
      return true;
    case DetectExpr::Or:
      for (const DetectExpr& child : expr.children)
        if (holds(child, root)) return true;
      return false;
    case DetectExpr::Not:
      return !holds(expr.children[0], root);
    case DetectExpr::Exists:
      return !valuesOf(root, *expr.path, scratch_.keys).empty();
    case DetectExpr::Const:
      return expr.value;
  }
  return false;
}

void Screener::evaluate(SchemaScreen& screen, Element root, const Ids& found, ScreenOutput& out) {
  size_t firstMatch = out.matches.size();
  for (int32_t slot : found) {
    const Program* program = screen.programs[slot].get();
    if (program) {
      scratch_.unsure = false;
      Truth truth = dragnet::evaluate(*program, root, scratch_);
      if (!scratch_.unsure) {
        if (truth == Truth::True) out.matches.push_back(program->rule);
        continue;
      }
    }
    out.candidates.push_back(slot);
  }
  std::sort(out.matches.begin() + static_cast<ptrdiff_t>(firstMatch), out.matches.end());
}

int32_t Screener::schemaOf(Element root) {
  int32_t fallback = -1;
  for (size_t i = 0; i < detects.size(); i++) {
    if (!detects[i]) {
      if (fallback < 0) fallback = static_cast<int32_t>(i);
      continue;
    }
    if (holds(*detects[i], root)) return static_cast<int32_t>(i);
  }
  return fallback >= 0 ? fallback : static_cast<int32_t>(detects.size()) - 1;
}

void Screener::screen(const uint8_t* bytes, size_t length, size_t start, int32_t line, ScreenOutput& out) {
  Ids found;
  while (start < length) {
    const void* newline = std::memchr(bytes + start, NEWLINE, length - start);
    size_t end = newline ? static_cast<const uint8_t*>(newline) - bytes : length;
    size_t first = start;
    while (first < end && bytes[first] <= 32) first++;
    size_t last = end;  // one past the record's last byte
    while (last > first && bytes[last - 1] <= 32) last--;
    if (last > first && bytes[last - 1] == ',') last--;
    bool record = first < end && bytes[first] == '{' && last > first + 1 && bytes[last - 1] == '}';
    if (!record) {
      if (!isFiller(bytes, start, end)) {
        out.resumeAt = static_cast<int64_t>(start);
        out.resumeLine = line;
        return;
      }
    } else {
      // JS reads the rest of the piece from a line simdjson refuses (it reports what is wrong where, or reads
      // what simdjson does not) or that escapes a surrogate (JSON.parse keeps lone ones).
      simdjson::dom::element root;
      bool padded = last + simdjson::SIMDJSON_PADDING <= length;
      if (escapesSurrogate(bytes, first, last) ||
          parser_.parse(reinterpret_cast<const char*>(bytes + first), last - first, !padded).get(root)) {
        out.resumeAt = static_cast<int64_t>(start);
        out.resumeLine = line;
        return;
      }
      int32_t schema = SCREEN_BY_JS;
      found.clear();
      scratch_.keys.next();
      int32_t detected = schemaOf(root);
      SchemaScreen* screen =
          detected >= 0 && static_cast<size_t>(detected) < screens.size() ? screens[detected].get() : nullptr;
      scratch_.unsure = false;
      scratch_.lowerUnits = lowerUnits.data();
      if (screen && screen->candidates(root, scratch_, found)) {
        schema = detected;
        evaluate(*screen, root, found, out);
      }
      out.line.push_back(line);
      out.start.push_back(static_cast<int32_t>(first));
      out.end.push_back(static_cast<int32_t>(last));
      out.schema.push_back(schema);
      out.matchEnd.push_back(static_cast<int32_t>(out.matches.size()));
      out.candidateEnd.push_back(static_cast<int32_t>(out.candidates.size()));
    }
    line++;
    start = end + 1;
  }
}

}  // namespace dragnet
