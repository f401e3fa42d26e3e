// A rule's detection evaluated natively with the semantics of compile-expr.ts and match-value.ts.
#pragma once
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event-paths.h"
#include "text-set.h"

namespace dragnet {

/** true, false, or null (EQL: a comparison with a missing field). */
enum class Truth { False, True, Null };

enum class CompareOp { Lt, Lte, Gt, Gte };

/** One value test (see `compileMatcher`); texts compared case-insensitively are held lower-cased. */
struct Matcher {
  enum Kind { String, Wildcard, Regex, Number, Compare, Cidr, Null, Bool, Placeholder } kind = Placeholder;
  StringOp op = StringOp::Equals;
  CompareOp compare = CompareOp::Lt;
  bool caseSensitive = true;
  std::string text;
  double number = 0;
  bool boolean = false;
  /** CIDR ranges: an IPv4 network and mask (an IPv6 range holds no plain IPv4 address). */
  bool ipv4 = false;
  uint32_t network = 0;
  uint32_t mask = 0;
  /** Wildcards: segments between `*`s, pieces of literal text or `?` (nullopt), for the ASCII glob match. */
  std::vector<std::vector<std::optional<std::string>>> segments;
  bool asciiGlob = false;
  /** Regexes and wildcards (where the glob match does not apply): RE2's source and options, built on first use. */
  std::string source;
  re2::RE2::Options options;
  mutable std::unique_ptr<re2::RE2> regex;
  mutable bool regexFailed = false;

  /** The RE2, built now if it is not yet; null if RE2 refuses it. */
  const re2::RE2* compiled() const;
};

struct Node {
  /** AnyText: string tests of one OR on one field (see `groupTextTests`). */
  enum Kind { And, Or, Not, Const, Match, Exists, Keyword, FieldRef, AnyText } kind = Const;
  std::vector<Node> children;
  bool value = false;
  const PathPlan* path = nullptr;
  const PathPlan* other = nullptr;
  StringOp op = StringOp::Equals;
  bool caseSensitive = true;
  /** Of match and keyword nodes. */
  std::unique_ptr<Matcher> matcher;
  /** Of AnyText nodes. */
  std::unique_ptr<TextSet> texts;
};

struct Program {
  Node root;
  bool ternary = false;
  int32_t rule = 0;
};

struct EventScratch;

/**
 * Joins an OR's string tests on the same field and case sensitivity into one AnyText node (in every OR of the
 * tree): the same answer, with the field's text read once. Other tests keep their place.
 */
void groupTextTests(Node& node);

/**
 * Evaluates a program over one event. Sets `scratch.unsure` where the answer could differ from JS's (the caller
 * then leaves the rule to JS).
 */
Truth evaluate(const Program& program, Element root, EventScratch& scratch);

}  // namespace dragnet
