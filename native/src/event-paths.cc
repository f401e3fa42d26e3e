// Field access on a parsed event, the same values EventView (event-view.ts) finds.
#include "event-paths.h"

#include <algorithm>
#include <cstring>

namespace dragnet {

using simdjson::dom::element_type;

const PathPlan* PathPlans::of(const std::string& path) {
  auto found = plans_.find(path);
  if (found != plans_.end()) return found->second.get();
  auto plan = std::make_unique<PathPlan>();
  plan->path = path;
  plan->dotted = hasDot(path);
  for (size_t dot = path.find('.'); dot != std::string::npos && dot > 0; dot = path.find('.', dot + 1))
    plan->splits.push_back({path.substr(0, dot), hasDot(path.substr(0, dot)), of(path.substr(dot + 1))});
  const PathPlan* result = plan.get();
  plans_.emplace(path, std::move(plan));
  return result;
}

bool EventKeys::find(simdjson::dom::object object, std::string_view key, bool dotted, Element& value) {
  auto field = object.begin();
  if (field == object.end() || key.empty()) return key.empty() && findEmpty(object, value);
  const char* firstKey = field.key_c_str();
  auto listed = std::find_if(objects_.rbegin(), objects_.rend(),
                             [firstKey](const Listed& listed) { return listed.firstKey == firstKey; });
  if (listed == objects_.rend()) {
    Listed added{firstKey, static_cast<uint32_t>(entries_.size()), 0, false};
    for (; field != object.end(); ++field) {
      uint32_t size = static_cast<uint32_t>(field.key_length());
      const char* text = field.key_c_str();
      if (size == 0) continue;  // looked up by findEmpty
      entries_.push_back({text, size, text[0], field.value()});
      added.dotted = added.dotted || hasDot(std::string_view(text, size));
    }
    added.count = static_cast<uint32_t>(entries_.size()) - added.start;
    objects_.push_back(added);
    listed = objects_.rbegin();
  }
  if (dotted && !listed->dotted) return false;
  uint32_t size = static_cast<uint32_t>(key.size());
  for (uint32_t i = listed->start + listed->count; i-- > listed->start;) {  // JSON.parse keeps a repeated key's last
    const Entry& entry = entries_[i];
    if (entry.size == size && entry.first == key[0] && std::memcmp(entry.key, key.data(), size) == 0) {
      value = entry.value;
      return true;
    }
  }
  return false;
}

bool EventKeys::findEmpty(simdjson::dom::object object, Element& value) {
  bool found = false;
  for (auto field : object) {
    if (field.key.empty()) {
      value = field.value;
      found = true;
    }
  }
  return found;
}

Element unwrapText(Element value, EventKeys& keys) {
  Element text;
  if (value.type() == element_type::OBJECT && keys.find(objectOf(value), "#text", false, text)) return text;
  return value;
}

namespace {

void collect(Element value, EventKeys& keys, std::vector<Element>& out) {
  if (value.type() == element_type::ARRAY) {
    for (Element item : arrayOf(value)) collect(item, keys, out);
    return;
  }
  out.push_back(unwrapText(value, keys));
}

void collectLeaves(Element node, bool named, EventKeys& keys, std::vector<Element>& out) {
  if (node.type() == element_type::ARRAY) {
    for (Element item : arrayOf(node)) collectLeaves(item, named, keys, out);
    return;
  }
  if (node.type() == element_type::OBJECT) {
    auto object = objectOf(node);
    Element text;
    if (named && keys.find(object, "#text", false, text)) {
      out.push_back(text);
      return;
    }
    for (auto field : object) collectLeaves(field.value, named || !field.key.empty(), keys, out);
    return;
  }
  out.push_back(node);
}

}  // namespace

void valuesAt(Element node, const PathPlan& plan, EventKeys& keys, std::vector<Element>& out) {
  if (node.type() == element_type::ARRAY) {
    for (Element item : arrayOf(node)) valuesAt(item, plan, keys, out);
    return;
  }
  if (node.type() != element_type::OBJECT) return;
  auto object = objectOf(node);
  Element direct;
  if (keys.find(object, plan.path, plan.dotted, direct)) {
    collect(direct, keys, out);
    return;
  }
  for (const PathPlan::Split& split : plan.splits) {
    Element child;
    if (keys.find(object, split.head, split.dotted, child)) valuesAt(child, *split.rest, keys, out);
  }
}

void allValues(Element root, EventKeys& keys, std::vector<Element>& out) { collectLeaves(root, false, keys, out); }

size_t FieldNode::slotOf(std::string_view segment, size_t hash) const {
  size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].node && (slots_[i].hash != hash || slots_[i].key != segment)) i = (i + 1) & mask;
  return i;
}

const FieldNode* FieldNode::child(std::string_view segment) const {
  return count_ == 0 ? nullptr : slots_[slotOf(segment, textHash(segment))].node.get();
}

FieldNode* FieldNode::addChild(std::string_view segment) {
  if ((count_ + 1) * 2 > slots_.size()) {
    std::vector<Child> old = std::move(slots_);
    slots_ = std::vector<Child>(std::max<size_t>(8, old.size() * 2));
    for (Child& moved : old)
      if (moved.node) slots_[slotOf(moved.key, moved.hash)] = std::move(moved);
  }
  size_t hash = textHash(segment);
  Child& slot = slots_[slotOf(segment, hash)];
  if (!slot.node) {
    slot = {hash, std::string(segment), std::make_unique<FieldNode>()};
    count_++;
  }
  return slot.node.get();
}

FieldNode* FieldNode::add(std::string_view path) {
  FieldNode* node = this;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    node = node->addChild(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return node;
    start = dot + 1;
  }
}

const FieldNode* FieldNode::step(std::string_view key) const {
  const FieldNode* node = this;
  size_t start = 0;
  while (node) {
    size_t dot = key.find('.', start);
    node = node->child(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return node;
}

}  // namespace dragnet
