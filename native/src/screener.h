// Screens the lines of a piece of JSON lines: each event's schema and candidate rules, or a hand-over to JS.
#pragma once
#include <memory>
#include <vector>

#include "schema-screen.h"

namespace dragnet {

/** A schema's detection condition (see schemas.ts), in the forms pipelines use: and, or, not, exists, const. */
struct DetectExpr {
  enum Kind { And, Or, Not, Exists, Const } kind = Const;
  bool value = false;
  const PathPlan* path = nullptr;
  std::vector<DetectExpr> children;
};

/** Line kinds in a screen's output besides schema indexes. */
constexpr int32_t SCREEN_BY_JS = -1;

/** What one call of `Screener::screen` found, line by line. */
struct ScreenOutput {
  Ids line, start, end;
  /** Schema index, or SCREEN_BY_JS: JS parses and matches the event itself. */
  Ids schema;
  /** Rules found true here for item i, ascending: matches[matchEnd[i - 1] .. matchEnd[i]). */
  Ids matchEnd;
  Ids matches;
  /** Candidate slots of item i left to JS to evaluate: candidates[candidateEnd[i - 1] .. candidateEnd[i]). */
  Ids candidateEnd;
  Ids candidates;
  /** Where JS takes over the rest of the piece (a line that is not one JSON object), or -1: screened to the end. */
  int64_t resumeAt = -1;
  int32_t resumeLine = 0;
};

class Screener {
 public:
  PathPlans paths;
  /** Per schema: its detection condition, or none (the fallback schema). */
  std::vector<std::unique_ptr<DetectExpr>> detects;
  /** Per schema: its screen, once JS has compiled it. */
  std::vector<std::unique_ptr<SchemaScreen>> screens;

  /** JS's one-unit lower case of each BMP character (see `unicodeLower`). */
  std::vector<uint16_t> lowerUnits;

  /** Screens bytes[start, length) beginning on line `line`. */
  void screen(const uint8_t* bytes, size_t length, size_t start, int32_t line, ScreenOutput& out);

 private:
  simdjson::dom::parser parser_;
  EventScratch scratch_;

  bool holds(const DetectExpr& expr, Element root);
  /** Evaluates the event's candidates that have a program; the others are left to JS. */
  void evaluate(SchemaScreen& screen, Element root, const Ids& found, ScreenOutput& out);
  /** Index of the event's schema (see `detectSchema`). */
  int32_t schemaOf(Element root);
};

}  // namespace dragnet
