// One schema's prefilter run natively: gates, then one scan of each needed value, giving candidate rule slots.
#pragma once
#include <re2/set.h>

#include <memory>
#include <unordered_map>
#include <vector>

#include "automaton.h"
#include "event-paths.h"
#include "gram-index.h"
#include "rule-program.h"
#include "string-map.h"

namespace dragnet {

using Ids = std::vector<int32_t>;

/** Equality tests indexed by value (see value-index.ts): the ids a value makes true. */
struct ValueIndex {
  std::unordered_map<double, Ids> numbers;
  StringMap<Ids> exact;
  /** Keyed by lower-cased text. */
  StringMap<Ids> folded;
};

/** Indexed gate conjuncts on one field (see `FieldLookup` in gates.ts). */
struct GateLookup {
  const PathPlan* path = nullptr;
  ValueIndex index;
  Ids nulls;
  Ids present;
};

/** A branch of a group's gate keyed by one conjunct; `rest` must hold as well (see group-gates.ts). */
struct KeyedBranch {
  int32_t group;
  Ids rest;
};

/** Regexes of one flag string as one RE2 set, and the payloads of each (see pattern-sets.ts). */
struct RegexGroup {
  std::unique_ptr<re2::RE2::Set> set;  // null: could not be built, every payload is reported
  std::vector<Ids> payloads;
};

/** A text scanned and the payloads found in it. */
struct MemoSlot {
  size_t hash = 0;
  std::string text;
  Ids payloads;
  bool filled = false;
};

/** Slots of a scanner's memo (see `memo` in prefilter-plan.ts: scanners of large automata or with regexes). */
constexpr size_t MEMO_SLOTS = 2048;

/** The scanner of one field, or of one group's keyword atoms (see `FieldScanner` in prefilter.ts). */
struct Scanner {
  Table<uint8_t> classes;
  /** The field's patterns, or its short ones when the long ones are in `grams`. */
  Automaton automaton;
  GramIndex grams;
  /**
   * A byte in no atom, or -1: texts joined by it are scanned as one, since no atom found can span two of them
   * (see `scanKeywords`).
   */
  int separator = -1;
  Ids groups;
  std::vector<RegexGroup> regexes;
  /** A regex here is one node-re2 would rewrite before compiling: not worked out natively. */
  bool regexUnsure = false;
  bool hasValues = false;
  ValueIndex values;
  Ids valuesPresent;
  bool scansText = false;
  uint32_t checked = 0;
  bool wanted = false;
  /** Payloads found in recently scanned texts, by hash (direct-mapped); empty for scanners not worth it. */
  std::vector<MemoSlot> memo;
};

/** Scratch space of one event's screening, and whether some answer could not be worked out natively. */
/** A text's lower case, remembered for the last two texts of the event asked about (rules read the same fields). */
struct LowerCache {
  struct Entry {
    const char* data = nullptr;
    size_t size = 0;
    uint64_t event = 0;
    std::string lower;
  };
  Entry entries[2];
  int next = 0;
};

struct EventScratch {
  /** The event's objects' keys, and its number (see `EventKeys`). */
  EventKeys keys;
  LowerCache lowerCache;
  /** JS's one-unit lower case of each BMP character (see `unicodeLower`). */
  const uint16_t* lowerUnits = nullptr;
  std::string text;
  std::string lower;
  std::vector<uint16_t> units;
  /** A text's classes, for gram indexes. */
  std::vector<uint8_t> textClasses;
  std::vector<int> matched;
  /** The event's scalar leaves (see `allValues`), read once per event for keyword search. */
  std::vector<Element> leaves;
  uint64_t leavesEvent = 0;

  const std::vector<Element>& leavesOf(Element root) {
    if (leavesEvent != keys.event) {
      leaves.clear();
      allValues(root, keys, leaves);
      leavesEvent = keys.event;
    }
    return leaves;
  }
  /** The event's ASCII leaves joined by a separator byte, for keyword scanners (see `scanKeywords`). */
  std::string joined;
  int joinedSeparator = -1;
  uint64_t joinedEvent = 0;
  bool unsure = false;
};

class SchemaScreen {
 public:
  // Gates (gates.ts, group-gates.ts).
  std::vector<GateLookup> lookups;
  std::vector<std::vector<KeyedBranch>> byKey;
  Ids ungated;
  // Prefilter (prefilter.ts).
  std::vector<Ids> always;
  Ids groupOf;
  Ids slotOfBranch;
  Ids confirmStart;
  Ids confirms;
  uint32_t needCount = 0;
  Table<uint16_t> symbols;
  std::vector<Scanner> scanners;
  FieldNode fields;
  /**
   * Per slot: its rule's detection, evaluated here; null where JS evaluates it, as it does until JS hands the
   * program over (after the rule's first candidate event: most rules never are candidates on a log source).
   */
  std::vector<std::unique_ptr<Program>> programs;
  /** Keyword scanner of each group, -1 for none. */
  Ids keywordOf;
  Ids globScanners;

  /** Sizes the per-event marks once the tables above are filled. */
  void ready(size_t conjuncts);

  /** The candidate slots for the event (unordered) into `out`; false when the event must be screened by JS. */
  bool candidates(Element root, EventScratch& scratch, Ids& out);

  /** Marks a need as met (an automaton or regex hit). */
  void hit(int32_t need);

 private:
  std::vector<uint32_t> conjunctMarks_;
  Ids trueIds_;
  std::vector<uint8_t> passed_;
  Ids open_;
  std::vector<uint32_t> branchMarks_;
  std::vector<uint32_t> confirmMarks_;
  std::vector<uint32_t> marks_;
  Ids pending_;
  Ids* found_ = nullptr;
  uint32_t stamp_ = 0;
  EventScratch* scratch_ = nullptr;

  void meetConjuncts(const Ids& ids);
  void meetNeeds(const Ids& ids);
  /** Gives `meet` each list of ids the value makes true (see `lookUpValue`). */
  template <typename Meet>
  void lookUp(const ValueIndex& index, Element value, Meet meet);
  void evaluateGates(Element root);
  void candidate(int32_t slot);
  bool confirmed(int32_t branch) const;
  bool wanted(Scanner& scanner);
  void scan(Scanner& scanner, Element value);
  template <typename Unit, typename Sink>
  void scanUnits(const Scanner& scanner, const Unit* units, size_t length, Sink& sink);
  template <typename Sink>
  void scanText(const Scanner& scanner, std::string_view text, Sink& sink);
  /** The automaton and regexes of the scanner over a text, remembered per text where the scanner has a memo. */
  void searchText(Scanner& scanner, std::string_view text);
  template <typename Sink>
  void matchRegexes(const Scanner& scanner, std::string_view text, Sink& sink);
  void scanKeywords(const Scanner& scanner, Element root);
};

}  // namespace dragnet
