// String tests of one OR on one field, checked together: one text read and lower-cased per value, not one per test.
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "string-map.h"

namespace dragnet {

enum class StringOp { Equals, Contains, StartsWith, EndsWith };

/** Texts an OR of string tests (`field|op: [a, b, …]`) compares a value with, by test. */
class TextSet {
 public:
  void add(StringOp op, std::string text);
  /** Whether the text passes one of the tests. */
  bool matches(std::string_view text) const;

 private:
  std::unordered_set<std::string, StringHash, std::equal_to<>> equals_;
  std::vector<std::string> prefixes_;
  std::vector<std::string> suffixes_;
  std::vector<std::string> contained_;
};

}  // namespace dragnet
