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

/** Whether a key or path has a dot. */
inline bool hasDot(std::string_view text) { return text.find('.') != std::string_view::npos; }

/** A dotted path and every split of it into a first key and the rest (see `planOf` in event-view.ts). */
struct PathPlan {
  std::string path;
  /** Whether the path has a dot: most objects have no such key (see `EventKeys::find`). */
  bool dotted = false;
  /** A first key with a dot after it (`dotted`: the key itself has one too), and the plan of the rest. */
  struct Split {
    std::string head;
    bool dotted;
    const PathPlan* rest;
  };
  std::vector<Split> splits;
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

/**
 * The own keys of the objects of the event screened, each object's listed on its first look-up: a path resolves by
 * looking up several keys in the same objects (the whole path first, then its splits), and many paths share them.
 */
class EventKeys {
 public:
  /** Number of the event screened: each event a new one. */
  uint64_t event = 0;

  /** Moves on to the next event. */
  void next() {
    event++;
    objects_.clear();
    entries_.clear();
  }

  /**
   * The value of an object's own key, the last one where JSON repeats it (as JSON.parse keeps); false if missing.
   * `dotted`: whether the key has a dot.
   */
  bool find(simdjson::dom::object object, std::string_view key, bool dotted, Element& value);

 private:
  struct Entry {
    const char* key;
    uint32_t size;
    char first;
    Element value;
  };
  struct Listed {
    const char* firstKey;  // where the object's first key is in the parsed document: one per object
    uint32_t start, count;
    bool dotted;  // some key has a dot: dotted paths are looked up whole before their splits, and most miss
  };
  std::vector<Listed> objects_;
  std::vector<Entry> entries_;

  /** The empty key, rarely asked for, is not listed. */
  static bool findEmpty(simdjson::dom::object object, Element& value);
};

/** Values at a path, as `EventView.valuesAt` gives them (array elements flattened, `#text` unwrapped). */
void valuesAt(Element root, const PathPlan& plan, EventKeys& keys, std::vector<Element>& out);

/** `valuesAt` for the event screened, worked out once per event and path. */
inline const std::vector<Element>& valuesOf(Element root, const PathPlan& plan, EventKeys& keys) {
  if (plan.event != keys.event) {
    plan.values.clear();
    valuesAt(root, plan, keys, plan.values);
    plan.event = keys.event;
  }
  return plan.values;
}

/** Every scalar leaf value of the event, as `EventView.allValues` gives them. */
void allValues(Element root, EventKeys& keys, std::vector<Element>& out);

/** Field paths as a trie of dotted segments (see field-trie.ts); `target` is a scanner index, -1 for none. */
struct FieldNode {
  int target = -1;

  FieldNode* add(std::string_view path);
  const FieldNode* step(std::string_view key) const;
  bool hasChildren() const { return count_ != 0; }

 private:
  /**
   * Children by key segment, open addressing with each key's hash beside it: every key of every event is looked up
   * here, and most look-ups read one slot (a std::unordered_map read a bucket, then a node).
   */
  struct Child {
    size_t hash = 0;
    std::string key;
    std::unique_ptr<FieldNode> node;
  };
  std::vector<Child> slots_;  // a power of two of them, at most half used
  size_t count_ = 0;

  /** The slot of the segment's child, or the free slot where it would go. */
  size_t slotOf(std::string_view segment, size_t hash) const;
  const FieldNode* child(std::string_view segment) const;
  FieldNode* addChild(std::string_view segment);
};

/**
 * Calls `visit(target, value)` with every value an EventView could return for each path of the trie, and possibly
 * more (every split of dotted keys is followed), `#text` unwrapped as it does.
 */
template <typename Visit>
void walkValue(Element value, const FieldNode& node, EventKeys& keys, Visit& visit);

template <typename Visit>
void walkObject(simdjson::dom::object object, const FieldNode& node, EventKeys& keys, Visit& visit) {
  for (auto field : object) {
    const FieldNode* child = node.step(field.key);
    if (child) walkValue(field.value, *child, keys, visit);
  }
}

/** `#text` of an object that has one (Windows event JSON), else the value itself. */
Element unwrapText(Element value, EventKeys& keys);

template <typename Visit>
void walkValue(Element value, const FieldNode& node, EventKeys& keys, Visit& visit) {
  if (value.type() == simdjson::dom::element_type::ARRAY) {
    for (Element item : arrayOf(value)) walkValue(item, node, keys, visit);
    return;
  }
  if (node.target >= 0) visit(node.target, unwrapText(value, keys));
  if (node.hasChildren() && value.type() == simdjson::dom::element_type::OBJECT)
    walkObject(objectOf(value), node, keys, visit);
}

}  // namespace dragnet
