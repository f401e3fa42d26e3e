// Hash maps keyed by strings that are looked up by string_view without copying the key.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dragnet {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

}  // namespace dragnet
