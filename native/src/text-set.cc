// The tests of a TextSet: a hash look-up for equality, plain loops for the others.
#include "text-set.h"

namespace dragnet {

void TextSet::add(StringOp op, std::string text) {
  switch (op) {
    case StringOp::Equals:
      equals_.insert(std::move(text));
      return;
    case StringOp::StartsWith:
      prefixes_.push_back(std::move(text));
      return;
    case StringOp::EndsWith:
      suffixes_.push_back(std::move(text));
      return;
    case StringOp::Contains:
      contained_.push_back(std::move(text));
      return;
  }
}

bool TextSet::matches(std::string_view text) const {
  if (!equals_.empty() && equals_.find(text) != equals_.end()) return true;
  for (const std::string& suffix : suffixes_)
    if (text.ends_with(suffix)) return true;
  for (const std::string& prefix : prefixes_)
    if (text.starts_with(prefix)) return true;
  for (const std::string& part : contained_)
    if (text.find(part) != std::string_view::npos) return true;
  return false;
}

}  // namespace dragnet
