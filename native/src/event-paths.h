// Field access on a parsed event as dragnet's EventView reads it: flat dotted keys first, nested keys, arrays, `#text`.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "js-values.h"
#include "string-map.h"

namespace dragnet {

/** A dotted path and every split of it into a first key and the rest (see `planOf` in event-view.ts). */
struct PathPlan {
  std::string path;
  std::vector<std::pair<std::string, const PathPlan*>> splits;
  /** The values it had in the event that last read it (see `valuesOf`). */
  mutable uint64_t event = 0;
  mutable std::vector<Element> values;
};

/** The plans of the paths one screen reads, each worked out once. */
class PathPlans {
 public:
  const PathPlan* of(const std::string& path);

 private:
  std::unordered_map<std::string, std::unique_ptr<PathPlan>> plans_;
};

/** The value of an object's own key, the last one where JSON repeats it (as JSON.parse keeps); false if missing. */
bool ownValue(simdjson::dom::object object, std::string_view key, Element& value);

/** Values at a path, as `EventView.valuesAt` gives them (array elements flattened, `#text` unwrapped). */
void valuesAt(Element root, const PathPlan& plan, std::vector<Element>& out);

/** `valuesAt` for event number `event` (each event a new number), worked out once per event and path. */
inline const std::vector<Element>& valuesOf(Element root, const PathPlan& plan, uint64_t event) {
  if (plan.event != event) {
    plan.values.clear();
    valuesAt(root, plan, plan.values);
    plan.event = event;
  }
  return plan.values;
}

/** Every scalar leaf value of the event, as `EventView.allValues` gives them. */
void allValues(Element root, std::vector<Element>& out);

/** Field paths as a trie of dotted segments (see field-trie.ts); `target` is a scanner index, -1 for none. */
struct FieldNode {
  StringMap<std::unique_ptr<FieldNode>> children;
  int target = -1;

  FieldNode* add(std::string_view path);
  const FieldNode* step(std::string_view key) const;
};

/**
 * Calls `visit(target, value)` with every value an EventView could return for each path of the trie, and possibly
 * more (every split of dotted keys is followed), `#text` unwrapped as it does.
 */
template <typename Visit>
void walkValue(Element value, const FieldNode& node, Visit& visit);

template <typename Visit>
void walkObject(simdjson::dom::object object, const FieldNode& node, Visit& visit) {
  for (auto field : object) {
    const FieldNode* child = node.step(field.key);
    if (child) walkValue(field.value, *child, visit);
  }
}

/** `#text` of an object that has one (Windows event JSON), else the value itself. */
Element unwrapText(Element value);

template <typename Visit>
void walkValue(Element value, const FieldNode& node, Visit& visit) {
  if (value.type() == simdjson::dom::element_type::ARRAY) {
    for (Element item : arrayOf(value)) walkValue(item, node, visit);
    return;
  }
  if (node.target >= 0) visit(node.target, unwrapText(value));
  if (!node.children.empty() && value.type() == simdjson::dom::element_type::OBJECT)
    walkObject(objectOf(value), node, visit);
}

}  // namespace dragnet
