// Field access on a parsed event, the same values EventView (event-view.ts) finds.
#include "event-paths.h"

namespace dragnet {

using simdjson::dom::element_type;

const PathPlan* PathPlans::of(const std::string& path) {
  auto found = plans_.find(path);
  if (found != plans_.end()) return found->second.get();
  auto plan = std::make_unique<PathPlan>();
  plan->path = path;
  for (size_t dot = path.find('.'); dot != std::string::npos && dot > 0; dot = path.find('.', dot + 1))
    plan->splits.emplace_back(path.substr(0, dot), of(path.substr(dot + 1)));
  const PathPlan* result = plan.get();
  plans_.emplace(path, std::move(plan));
  return result;
}

bool ownValue(simdjson::dom::object object, std::string_view key, Element& value) {
  bool found = false;
  for (auto field : object) {
    if (field.key == key) {
      value = field.value;
      found = true;
    }
  }
  return found;
}

Element unwrapText(Element value) {
  Element text;
  if (value.type() == element_type::OBJECT && ownValue(objectOf(value), "#text", text))
    return text;
  return value;
}

namespace {

void collect(Element value, std::vector<Element>& out) {
  if (value.type() == element_type::ARRAY) {
    for (Element item : arrayOf(value)) collect(item, out);
    return;
  }
  out.push_back(unwrapText(value));
}

void collectLeaves(Element node, bool named, std::vector<Element>& out) {
  if (node.type() == element_type::ARRAY) {
    for (Element item : arrayOf(node)) collectLeaves(item, named, out);
    return;
  }
  if (node.type() == element_type::OBJECT) {
    auto object = objectOf(node);
    Element text;
    if (named && ownValue(object, "#text", text)) {
      out.push_back(text);
      return;
    }
    for (auto field : object) collectLeaves(field.value, named || !field.key.empty(), out);
    return;
  }
  out.push_back(node);
}

}  // namespace

void valuesAt(Element node, const PathPlan& plan, std::vector<Element>& out) {
  if (node.type() == element_type::ARRAY) {
    for (Element item : arrayOf(node)) valuesAt(item, plan, out);
    return;
  }
  if (node.type() != element_type::OBJECT) return;
  auto object = objectOf(node);
  Element direct;
  if (ownValue(object, plan.path, direct)) {
    collect(direct, out);
    return;
  }
  for (const auto& [head, rest] : plan.splits) {
    Element child;
    if (ownValue(object, head, child)) valuesAt(child, *rest, out);
  }
}

void allValues(Element root, std::vector<Element>& out) { collectLeaves(root, false, out); }

FieldNode* FieldNode::add(std::string_view path) {
  FieldNode* node = this;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string segment(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    auto& child = node->children[segment];
    if (!child) child = std::make_unique<FieldNode>();
    node = child.get();
    if (dot == std::string_view::npos) return node;
    start = dot + 1;
  }
}

const FieldNode* FieldNode::step(std::string_view key) const {
  const FieldNode* node = this;
  size_t start = 0;
  while (node) {
    size_t dot = key.find('.', start);
    auto found = node->children.find(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    node = found == node->children.end() ? nullptr : found->second.get();
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return node;
}

}  // namespace dragnet
