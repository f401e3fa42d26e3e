// Aho-Corasick scans over the tables dragnet's prefilter plans build (aho-corasick.ts), on UTF-16 code units.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dragnet {

constexpr uint8_t OTHER_CLASS = 0;
constexpr uint8_t SKIP_CLASS = 1;
/** As MIN_SKIP in aho-corasick.ts: from this shortest pattern length, scans jump over text in no pattern. */
constexpr uint32_t MIN_SKIP = 3;
constexpr int32_t CHILDREN = -2;

/**
 * A read-only array read in place: one of the plan's typed arrays, which the binding keeps alive as long as the
 * screener (a plan's tables are shared by every thread of a hunt, not copied into each one's screener).
 */
template <typename T>
class Table {
 public:
  Table() = default;
  Table(const T* data, size_t size) : data_(data), size_(size) {}
  const T& operator[](size_t i) const { return data_[i]; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  const T* data_ = nullptr;
  size_t size_ = 0;
};

/** An automaton's tables (see `AutomatonTables`); delta in 16 or 32 bits, as the plan has it. */
struct Automaton {
  uint32_t width = 0;
  uint32_t dense = 0;
  Table<uint16_t> delta16;
  Table<uint32_t> delta32;
  Table<int32_t> nodes;
  Table<int32_t> edges;
  Table<uint32_t> report;
  Table<uint32_t> fail;
  Table<uint32_t> ownStart;
  Table<int32_t> ownPayloads;
  uint32_t shortest = 0;

  /** Runs the code units through the automaton, calling `sink(payload)` for every pattern found. */
  template <typename Unit, typename Sink>
  void scan(const Unit* text, size_t length, const uint16_t* symbols, const uint8_t* classes, Sink& sink) const {
    if (delta16.empty())
      run(delta32.data(), text, length, symbols, classes, sink);
    else
      run(delta16.data(), text, length, symbols, classes, sink);
  }

 private:
  template <typename Delta>
  uint32_t step(const Delta* delta, uint32_t state, uint8_t cls) const {
    return state < dense ? delta[state * width + cls] : deep(delta, state, cls);
  }

  template <typename Delta, typename Unit, typename Sink>
  void run(const Delta* delta, const Unit* text, size_t length, const uint16_t* symbols, const uint8_t* classes,
           Sink& sink) const {
    uint32_t state = 0;
    if (shortest < MIN_SKIP) {
      for (size_t i = 0; i < length; i++) {
        uint32_t next = step(delta, state, classes[symbols[text[i]]]);
        state = next >> 1;
        if (next & 1) emit(report[state], sink);
      }
      return;
    }
    if (length < shortest) return;
    for (size_t i = 0; i < length; i++) {
      if (state == 0) {
        while (i + shortest <= length && classes[symbols[text[i + shortest - 1]]] == OTHER_CLASS) i += shortest;
        if (i >= length) return;
      }
      uint32_t next = step(delta, state, classes[symbols[text[i]]]);
      state = next >> 1;
      if (next & 1) emit(report[state], sink);
    }
  }

  template <typename Delta>
  uint32_t deep(const Delta* delta, uint32_t state, uint8_t cls) const {
    if (cls == SKIP_CLASS) return state * 2 + (report[state] == 0 ? 0 : 1);
    uint32_t s = state;
    while (true) {
      size_t at = static_cast<size_t>(s - dense) * 3;
      int32_t child = nodes[at];
      if (child == cls) return static_cast<uint32_t>(nodes[at + 1]);
      if (child == CHILDREN) {
        int32_t start = nodes[at + 1];
        int32_t count = edges[start];
        for (int32_t e = start + 1; e < start + 1 + 2 * count; e += 2)
          if (edges[e] == cls) return static_cast<uint32_t>(edges[e + 1]);
      }
      s = static_cast<uint32_t>(nodes[at + 2]);
      if (s < dense) return delta[s * width + cls];
    }
  }

  template <typename Sink>
  void emit(uint32_t first, Sink& sink) const {
    for (uint32_t state = first; state != 0; state = report[fail[state]])
      for (uint32_t i = ownStart[state]; i < ownStart[state + 1]; i++) sink.hit(ownPayloads[i]);
  }
};

/** UTF-8 text as the UTF-16 code units JavaScript sees (the text is valid UTF-8: simdjson checked it). */
void utf16Units(const char* text, size_t length, std::vector<uint16_t>& out);

}  // namespace dragnet
