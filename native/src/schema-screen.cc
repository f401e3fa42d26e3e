// One schema's prefilter, natively: the same plan and the same answers as prefilter.ts, or none where unsure.
#include "schema-screen.h"

#include <algorithm>

namespace dragnet {

using simdjson::dom::element_type;

void SchemaScreen::ready(size_t conjuncts) {
  conjunctMarks_.assign(conjuncts, 0);
  trueIds_.reserve(conjuncts);
  passed_.assign(always.size(), 0);
  open_.reserve(always.size());
  branchMarks_.assign(slotOfBranch.size(), 0);
  confirmMarks_.assign(needCount - slotOfBranch.size(), 0);
  marks_.assign(groupOf.size(), 0);
  pending_.reserve(slotOfBranch.size());
  programs.resize(groupOf.size());
}

void SchemaScreen::meetConjuncts(const Ids& ids) {
  for (int32_t id : ids) {
    if (conjunctMarks_[id] == stamp_) continue;
    conjunctMarks_[id] = stamp_;
    trueIds_.push_back(id);
  }
}

void SchemaScreen::meetNeeds(const Ids& ids) {
  for (int32_t id : ids) hit(id);
}

template <typename Meet>
void SchemaScreen::lookUp(const ValueIndex& index, Element value, Meet meet) {
  EventScratch& scratch = *scratch_;
  if (!index.numbers.empty()) {
    double number;
    Answer answer = valueNumber(value, number);
    if (answer == Answer::Unsure) scratch.unsure = true;
    if (answer == Answer::Found) {
      auto found = index.numbers.find(number == 0 ? 0.0 : number);
      if (found != index.numbers.end()) meet(found->second);
    }
  }
  if (index.exact.empty() && index.folded.empty()) return;
  std::string_view text;
  Answer answer = valueText(value, scratch.text, text);
  if (answer == Answer::Unsure) scratch.unsure = true;
  if (answer != Answer::Found) return;
  if (!index.exact.empty()) {
    auto found = index.exact.find(text);
    if (found != index.exact.end()) meet(found->second);
  }
  if (index.folded.empty()) return;
  if (isAscii(text)) {
    asciiLower(text, scratch.lower);
  } else if (unicodeLower(text, scratch.lowerUnits, scratch.lower) == Answer::Unsure) {
    scratch.unsure = true;
    return;
  }
  auto found = index.folded.find(std::string_view(scratch.lower));
  if (found != index.folded.end()) meet(found->second);
}

void SchemaScreen::evaluateGates(Element root) {
  trueIds_.clear();
  for (const GateLookup& lookup : lookups) {
    const std::vector<Element>& values = valuesOf(root, *lookup.path, scratch_->keys);
    if (values.empty()) {
      meetConjuncts(lookup.nulls);
      continue;
    }
    meetConjuncts(lookup.present);
    for (Element value : values) {
      if (value.type() == element_type::NULL_VALUE) meetConjuncts(lookup.nulls);
      lookUp(lookup.index, value, [this](const Ids& ids) { meetConjuncts(ids); });
    }
  }
  for (int32_t group : open_) passed_[group] = 0;
  open_.clear();
  for (int32_t group : ungated) {
    passed_[group] = 1;
    open_.push_back(group);
  }
  for (size_t i = 0; i < trueIds_.size(); i++) {
    int32_t id = trueIds_[i];
    if (static_cast<size_t>(id) >= byKey.size()) continue;
    for (const KeyedBranch& branch : byKey[id]) {
      if (passed_[branch.group]) continue;
      bool holds = std::all_of(branch.rest.begin(), branch.rest.end(),
                               [this](int32_t rest) { return conjunctMarks_[rest] == stamp_; });
      if (!holds) continue;
      passed_[branch.group] = 1;
      open_.push_back(branch.group);
    }
  }
}

void SchemaScreen::candidate(int32_t slot) {
  if (marks_[slot] == stamp_ || !passed_[groupOf[slot]]) return;
  marks_[slot] = stamp_;
  found_->push_back(slot);
}

void SchemaScreen::hit(int32_t need) {
  uint32_t branches = static_cast<uint32_t>(slotOfBranch.size());
  if (static_cast<uint32_t>(need) >= branches) {
    confirmMarks_[need - branches] = stamp_;
    return;
  }
  if (branchMarks_[need] == stamp_) return;
  branchMarks_[need] = stamp_;
  if (confirmStart[need] == confirmStart[need + 1])
    candidate(slotOfBranch[need]);
  else
    pending_.push_back(need);
}

bool SchemaScreen::confirmed(int32_t branch) const {
  uint32_t branches = static_cast<uint32_t>(slotOfBranch.size());
  for (int32_t i = confirmStart[branch]; i < confirmStart[branch + 1]; i++)
    if (confirmMarks_[confirms[i] - branches] != stamp_) return false;
  return true;
}

bool SchemaScreen::wanted(Scanner& scanner) {
  if (scanner.checked != stamp_) {
    scanner.checked = stamp_;
    scanner.wanted = std::any_of(scanner.groups.begin(), scanner.groups.end(),
                                 [this](int32_t group) { return passed_[group] != 0; });
  }
  return scanner.wanted;
}

template <typename Unit, typename Sink>
void SchemaScreen::scanUnits(const Scanner& scanner, const Unit* units, size_t length, Sink& sink) {
  scanner.automaton.scan(units, length, symbols.data(), scanner.classes.data(), sink);
  if (scanner.grams.bits)
    scanner.grams.scan(units, length, symbols.data(), scanner.classes.data(), scratch_->textClasses, sink);
}

template <typename Sink>
void SchemaScreen::scanText(const Scanner& scanner, std::string_view text, Sink& sink) {
  if (isAscii(text)) {
    scanUnits(scanner, reinterpret_cast<const uint8_t*>(text.data()), text.size(), sink);
  } else {
    utf16Units(text.data(), text.size(), scratch_->units);
    scanUnits(scanner, scratch_->units.data(), scratch_->units.size(), sink);
  }
}

template <typename Sink>
void SchemaScreen::matchRegexes(const Scanner& scanner, std::string_view text, Sink& sink) {
  std::vector<int>& matched = scratch_->matched;
  for (const RegexGroup& group : scanner.regexes) {
    re2::RE2::Set::ErrorInfo error{};
    matched.clear();
    if (group.set && (group.set->Match(text, &matched, &error) || error.kind == re2::RE2::Set::kNoError)) {
      for (int index : matched)
        for (int32_t payload : group.payloads[index]) sink.hit(payload);
      continue;
    }
    for (const Ids& payloads : group.payloads)  // RE2 cannot tell: every regex may match
      for (int32_t payload : payloads) sink.hit(payload);
  }
}

namespace {

/** Texts remembered by a memo: shorter ones cost about a look-up to scan, longer ones rarely repeat. */
constexpr size_t MEMO_MIN_TEXT = 16;
constexpr size_t MEMO_MAX_TEXT = 1024;

/** Collects the payloads of one scan. */
struct PayloadList {
  Ids& payloads;
  void hit(int32_t payload) { payloads.push_back(payload); }
};

}  // namespace

void SchemaScreen::searchText(Scanner& scanner, std::string_view text) {
  if (scanner.memo.empty() || text.size() < MEMO_MIN_TEXT || text.size() > MEMO_MAX_TEXT) {
    scanText(scanner, text, *this);
    if (!scanner.regexes.empty()) matchRegexes(scanner, text, *this);
    return;
  }
  size_t hash = textHash(text);
  MemoSlot& slot = scanner.memo[hash & (MEMO_SLOTS - 1)];
  if (!slot.filled || slot.hash != hash || slot.text != text) {
    slot.hash = hash;
    slot.payloads.clear();
    PayloadList list{slot.payloads};
    scanText(scanner, text, list);
    if (!scanner.regexes.empty()) matchRegexes(scanner, text, list);
    slot.text.assign(text);
    slot.filled = true;
  }
  meetNeeds(slot.payloads);
}

void SchemaScreen::scan(Scanner& scanner, Element value) {
  if (!wanted(scanner)) return;
  if (scanner.hasValues) {
    meetNeeds(scanner.valuesPresent);
    lookUp(scanner.values, value, [this](const Ids& ids) { meetNeeds(ids); });
  }
  if (!scanner.scansText) return;
  std::string_view text;
  Answer answer = valueText(value, scratch_->text, text);
  if (answer == Answer::Unsure || (answer == Answer::Found && scanner.regexUnsure)) scratch_->unsure = true;
  if (answer == Answer::Found && !scratch_->unsure) searchText(scanner, text);
}

void SchemaScreen::scanKeywords(const Scanner& scanner, Element root) {
  EventScratch& scratch = *scratch_;
  int separator = scanner.separator;
  bool join = separator >= 0;
  bool joinedNow = join && scratch.joinedEvent == scratch.keys.event && scratch.joinedSeparator == separator;
  if (join && !joinedNow) scratch.joined.clear();
  std::string_view text;
  for (Element value : scratch.leavesOf(root)) {
    Answer answer = valueText(value, scratch.text, text);
    if (answer == Answer::Unsure) scratch.unsure = true;
    if (answer != Answer::Found) continue;
    if (!join || !isAscii(text)) {
      scanText(scanner, text, *this);
    } else if (!joinedNow) {
      scratch.joined.append(text);
      scratch.joined.push_back(static_cast<char>(separator));
    }
  }
  if (!join) return;
  scratch.joinedEvent = scratch.keys.event;
  scratch.joinedSeparator = separator;
  scanText(scanner, scratch.joined, *this);
}

bool SchemaScreen::candidates(Element root, EventScratch& scratch, Ids& out) {
  if (++stamp_ == 0xffffffff) {
    std::fill(conjunctMarks_.begin(), conjunctMarks_.end(), 0);
    std::fill(branchMarks_.begin(), branchMarks_.end(), 0);
    std::fill(confirmMarks_.begin(), confirmMarks_.end(), 0);
    std::fill(marks_.begin(), marks_.end(), 0);
    for (Scanner& scanner : scanners) scanner.checked = 0;
    stamp_ = 1;
  }
  scratch_ = &scratch;
  found_ = &out;
  pending_.clear();
  evaluateGates(root);
  for (int32_t group : open_) {
    for (int32_t slot : always[group]) candidate(slot);
    if (keywordOf[group] >= 0) scanKeywords(scanners[keywordOf[group]], root);
  }
  if (root.type() == element_type::OBJECT) {
    auto visit = [this](int target, Element value) { scan(scanners[target], value); };
    walkObject(objectOf(root), fields, scratch.keys, visit);
  }
  for (int32_t index : globScanners)
    if (wanted(scanners[index])) scratch.unsure = true;  // glob paths are left to JS
  for (int32_t branch : pending_)
    if (confirmed(branch)) candidate(slotOfBranch[branch]);
  return !scratch.unsure;
}

}  // namespace dragnet
