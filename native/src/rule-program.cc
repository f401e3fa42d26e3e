// Native evaluation of a rule's detection: compile-expr.ts and match-value.ts over a simdjson event.
#include "rule-program.h"

#include "schema-screen.h"

namespace dragnet {

using simdjson::dom::element_type;

namespace {

using Segment = std::vector<std::optional<std::string>>;

size_t segmentLength(const Segment& segment) {
  size_t length = 0;
  for (const auto& piece : segment) length += piece ? piece->size() : 1;
  return length;
}

bool segmentAt(const Segment& segment, std::string_view text, size_t at) {
  size_t i = at;
  for (const auto& piece : segment) {
    if (!piece) {
      if (i >= text.size()) return false;
      i++;
    } else {
      if (i + piece->size() > text.size() || text.compare(i, piece->size(), *piece) != 0) return false;
      i += piece->size();
    }
  }
  return true;
}

/** Anchored glob match of ASCII text (see `globMatch` in match-value.ts): segments placed leftmost. */
bool globMatch(const std::vector<Segment>& segments, std::string_view text) {
  const Segment& first = segments.front();
  size_t firstLength = segmentLength(first);
  if (segments.size() == 1) return firstLength == text.size() && segmentAt(first, text, 0);
  if (firstLength > text.size() || !segmentAt(first, text, 0)) return false;
  size_t pos = firstLength;
  for (size_t k = 1; k + 1 < segments.size(); k++) {
    size_t length = segmentLength(segments[k]);
    bool found = false;
    for (size_t at = pos; at + length <= text.size(); at++) {
      if (segmentAt(segments[k], text, at)) {
        pos = at + length;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  const Segment& last = segments.back();
  size_t lastLength = segmentLength(last);
  if (lastLength > text.size()) return false;
  size_t start = text.size() - lastLength;
  return start >= pos && segmentAt(last, text, start);
}

/** A text of four decimal parts without leading zeros as an address (see `plainIPv4` in cidr-ranges.ts); -1 else. */
int64_t plainIPv4(std::string_view text) {
  if (text.size() < 7 || text.size() > 15) return -1;
  int64_t address = 0;
  uint32_t part = 0, digits = 0, parts = 0;
  for (size_t i = 0; i <= text.size(); i++) {
    char c = i < text.size() ? text[i] : '.';
    if (c == '.') {
      if (digits == 0 || part > 255 || parts == 4) return -1;
      address = address * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      if (digits == 1 && part == 0) return -1;  // a leading zero: ipaddr.js reads the part as octal
      part = part * 10 + static_cast<uint32_t>(c - '0');
      digits++;
    } else {
      return -1;
    }
  }
  return parts == 4 ? address : -1;
}

bool applies(StringOp op, std::string_view subject, std::string_view needle) {
  switch (op) {
    case StringOp::Equals:
      return subject == needle;
    case StringOp::Contains:
      return subject.find(needle) != std::string_view::npos;
    case StringOp::StartsWith:
      return subject.starts_with(needle);
    case StringOp::EndsWith:
      return subject.ends_with(needle);
  }
  return false;
}

class Evaluator {
 public:
  Evaluator(const Program& program, Element root, EventScratch& scratch)
      : root_(root), scratch_(scratch), ternary_(program.ternary) {}

  Truth run(const Node& node) {
    switch (node.kind) {
      case Node::Const:
        return node.value ? Truth::True : Truth::False;
      case Node::And:
      case Node::Or: {
        // A child with the deciding answer (false for AND, true for OR) settles it; else null if any was null.
        Truth deciding = node.kind == Node::And ? Truth::False : Truth::True;
        bool unknown = false;
        for (const Node& child : node.children) {
          Truth r = run(child);
          if (r == deciding) return deciding;
          if (r == Truth::Null) unknown = true;
        }
        return unknown ? Truth::Null : deciding == Truth::False ? Truth::True : Truth::False;
      }
      case Node::Not: {
        Truth r = run(node.children[0]);
        return r == Truth::Null ? Truth::Null : r == Truth::True ? Truth::False : Truth::True;
      }
      case Node::Match:
        return anyValue(node, [this, &node](Element value) { return test(*node.matcher, value); });
      case Node::AnyText:
        return anyValue(node, [this, &node](Element value) {
          std::string_view text;
          return subject(value, node.caseSensitive, text) && node.texts->matches(text);
        });
      case Node::Exists:
        return valuesOf(root_, *node.path, scratch_.keys).empty() ? Truth::False : Truth::True;
      case Node::Keyword: {
        std::string_view text;
        for (Element value : scratch_.leavesOf(root_))
          if (textOf(value, text) && test(*node.matcher, value)) return Truth::True;
        return Truth::False;
      }
      case Node::FieldRef:
        return fieldRef(node);
    }
    return Truth::False;
  }

 private:
  Element root_;
  EventScratch& scratch_;
  bool ternary_;
  std::string leftText_, rightText_, leftLower_, rightLower_;

  /** `text` lower-cased as `toLowerCase` does, into `out`; false (and unsure) where that is not known here. */
  bool lower(std::string_view text, std::string& out) {
    if (isAscii(text)) {
      asciiLower(text, out);
      return true;
    }
    if (unicodeLower(text, scratch_.lowerUnits, out) == Answer::Found) return true;
    scratch_.unsure = true;
    return false;
  }

  /** The lower case of a text, remembered for the event's last two strings (see `LowerCache`). */
  bool lowerOfString(std::string_view text, std::string_view& out) {
    LowerCache& cache = scratch_.lowerCache;
    for (LowerCache::Entry& entry : cache.entries) {
      if (entry.data == text.data() && entry.size == text.size() && entry.event == scratch_.keys.event) {
        out = entry.lower;
        return true;
      }
    }
    LowerCache::Entry& entry = cache.entries[cache.next];
    entry.data = nullptr;  // lowering overwrites the entry's text: it holds none until this one is done
    if (!lower(text, entry.lower)) return false;
    cache.next ^= 1;
    entry.data = text.data();
    entry.size = text.size();
    entry.event = scratch_.keys.event;
    out = entry.lower;
    return true;
  }

  /** The value's text (see `valueText`); false when it has none, or (unsure) when JS's is not known here. */
  bool textOf(Element value, std::string_view& out) {
    Answer answer = valueText(value, scratch_.text, out);
    if (answer == Answer::Unsure) scratch_.unsure = true;
    return answer == Answer::Found;
  }

  /** The value's text for a text test, lower-cased unless the test is case-sensitive; false when it has none. */
  bool subject(Element value, bool caseSensitive, std::string_view& out) {
    if (!textOf(value, out)) return false;
    if (caseSensitive) return true;
    if (value.type() == element_type::STRING) return lowerOfString(out, out);
    if (!lower(out, scratch_.lower)) return false;
    out = scratch_.lower;
    return true;
  }

  /** Whether the matcher's regex matches somewhere in the text; unsure if RE2 refuses the regex here. */
  bool regexMatch(const Matcher& m, std::string_view text) {
    const re2::RE2* regex = m.compiled();
    if (!regex) {
      scratch_.unsure = true;
      return false;
    }
    return re2::RE2::PartialMatch(text, *regex);
  }

  bool test(const Matcher& m, Element value) {
    switch (m.kind) {
      case Matcher::String: {
        std::string_view text;
        return subject(value, m.caseSensitive, text) && applies(m.op, text, m.text);
      }
      case Matcher::Wildcard: {
        std::string_view text;
        if (!textOf(value, text)) return false;
        if (m.asciiGlob) {
          std::string_view folded = text;
          if (!m.caseSensitive && !subject(value, false, folded)) return false;
          if (isAscii(folded)) return globMatch(m.segments, folded);
        }
        return regexMatch(m, text);
      }
      case Matcher::Regex: {
        std::string_view text;
        return textOf(value, text) && regexMatch(m, text);
      }
      case Matcher::Number:
      case Matcher::Compare: {
        double number;
        Answer answer = valueNumber(value, number);
        if (answer == Answer::Unsure) scratch_.unsure = true;
        if (answer != Answer::Found) return false;
        if (m.kind == Matcher::Number) return number == m.number;
        switch (m.compare) {
          case CompareOp::Lt:
            return number < m.number;
          case CompareOp::Lte:
            return number <= m.number;
          case CompareOp::Gt:
            return number > m.number;
          case CompareOp::Gte:
            return number >= m.number;
        }
        return false;
      }
      case Matcher::Cidr: {
        if (value.type() != element_type::STRING) return false;
        int64_t address = plainIPv4(value.get_string().value_unsafe());
        if (address < 0) {
          scratch_.unsure = true;  // IPv6 and other forms ipaddr.js reads: left to JS
          return false;
        }
        return m.ipv4 && (static_cast<uint32_t>(address) & m.mask) == m.network;
      }
      case Matcher::Null:
        return value.type() == element_type::NULL_VALUE;
      case Matcher::Bool: {
        if (value.type() == element_type::BOOL) return value.get_bool().value_unsafe() == m.boolean;
        if (value.type() != element_type::STRING) return false;
        std::string_view text = value.get_string().value_unsafe();
        if (!isAscii(text)) return false;  // no other text lower-cases to true or false
        asciiLower(text, scratch_.lower);
        return scratch_.lower == (m.boolean ? "true" : "false");
      }
      case Matcher::Placeholder:
        return false;
    }
    return false;
  }

  /** Whether a value of the node's field passes `test` (see `matchPredicate`: a missing field is null in EQL). */
  template <typename Test>
  Truth anyValue(const Node& node, Test test) {
    const std::vector<Element>& values = valuesOf(root_, *node.path, scratch_.keys);
    if (values.empty()) {
      bool nullTest = node.kind == Node::Match && node.matcher->kind == Matcher::Null;
      return nullTest ? Truth::True : ternary_ ? Truth::Null : Truth::False;
    }
    bool sawNull = false;
    for (Element value : values) {
      if (test(value)) return Truth::True;
      if (value.type() == element_type::NULL_VALUE) sawNull = true;
    }
    return ternary_ && sawNull ? Truth::Null : Truth::False;
  }

  Truth fieldRef(const Node& node) {
    const std::vector<Element>& left = valuesOf(root_, *node.path, scratch_.keys);
    const std::vector<Element>& right = valuesOf(root_, *node.other, scratch_.keys);
    if (left.empty() || right.empty()) return ternary_ ? Truth::Null : Truth::False;
    for (Element a : left) {
      std::string_view ta;
      Answer answerA = valueText(a, leftText_, ta);
      if (answerA == Answer::Unsure) scratch_.unsure = true;
      if (answerA != Answer::Found) continue;
      if (!node.caseSensitive) {
        if (!lower(ta, leftLower_)) continue;
        ta = leftLower_;
      }
      for (Element b : right) {
        std::string_view tb;
        Answer answerB = valueText(b, rightText_, tb);
        if (answerB == Answer::Unsure) scratch_.unsure = true;
        if (answerB != Answer::Found) continue;
        if (!node.caseSensitive) {
          if (!lower(tb, rightLower_)) continue;
          tb = rightLower_;
        }
        if (applies(node.op, ta, tb)) return Truth::True;
      }
    }
    return Truth::False;
  }
};

bool isTextTest(const Node& node) {
  return node.kind == Node::Match && node.matcher->kind == Matcher::String;
}

bool sameField(const Node& a, const Node& b) {
  return a.path == b.path && a.matcher->caseSensitive == b.matcher->caseSensitive;
}

}  // namespace

void groupTextTests(Node& node) {
  for (Node& child : node.children) groupTextTests(child);
  if (node.kind != Node::Or) return;
  std::vector<Node> children;
  std::vector<bool> taken(node.children.size(), false);
  for (size_t i = 0; i < node.children.size(); i++) {
    if (taken[i]) continue;
    Node& first = node.children[i];
    std::vector<size_t> members{i};
    if (isTextTest(first))
      for (size_t j = i + 1; j < node.children.size(); j++)
        if (!taken[j] && isTextTest(node.children[j]) && sameField(first, node.children[j])) members.push_back(j);
    if (members.size() == 1) {
      children.push_back(std::move(first));
      continue;
    }
    Node group;
    group.kind = Node::AnyText;
    group.path = first.path;
    group.caseSensitive = first.matcher->caseSensitive;
    group.texts = std::make_unique<TextSet>();
    for (size_t j : members) {
      group.texts->add(node.children[j].matcher->op, node.children[j].matcher->text);
      taken[j] = true;
    }
    children.push_back(std::move(group));
  }
  node.children = std::move(children);
}

const re2::RE2* Matcher::compiled() const {
  if (!regex && !regexFailed) {
    regex = std::make_unique<re2::RE2>(source, options);
    if (!regex->ok()) {
      regex.reset();
      regexFailed = true;
    }
  }
  return regex.get();
}

Truth evaluate(const Program& program, Element root, EventScratch& scratch) {
  Evaluator evaluator(program, root, scratch);
  return evaluator.run(program.root);
}

}  // namespace dragnet
