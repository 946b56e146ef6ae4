// source_map.h: where each form read from source text came from.
//
// Forms stay plain data (lists, vectors, symbols...) so macros see exactly
// what the user wrote; positions live beside them, in a SourceMap keyed by
// the address of each heap object the reader made. Immediates (symbols,
// keywords, small numbers, characters) have no address of their own, so the
// map also records, for every collection, the position of each element in
// order: `(f x)` gives the symbol x the position (the list, index 1).
//
// Invariants:
//   - The map holds a reference to every form it records, so an address it
//     knows is never freed and reused by another object while the map lives.
//   - Immortal objects (the shared empty list, vector, map and set) are not
//     recorded by address: every `()` in a program is the same object.
//     Their positions are still known through their parent (element_position)
//     or, for a top-level form, from Reader::last_position().
//   - Element indices of maps and sets follow the source order of the forms
//     inside the braces (key0 value0 key1 value1 ...), which is not
//     necessarily the map's iteration order.
//
// `::` annotations (`[x :: Int]`) are not elements of the collection; the
// map records them as (collection, index of the annotated element) -> type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/source_pos.h"
#include "core/object.h"  // Value's retain/release, for the Values held here
#include "core/value.h"

namespace batuta {


class SourceMap {
 public:
  SourceMap() = default;
  SourceMap(const SourceMap&) = delete;
  SourceMap& operator=(const SourceMap&) = delete;

  // Registers a file name; the returned index is what record() takes.
  uint32_t add_file(std::string file_name);

  // Records a heap form (no-op for immediates and immortal objects) with its
  // own position and the positions of its elements in order.
  void record(const Value& form, uint32_t file, SourcePos pos, std::span<const SourcePos> elements = {});
  // Records `:: type` after element `index` of `parent`.
  void annotate(const Value& parent, size_t index, Value type);

  // nullptr when the form was not recorded (an immediate, an immortal empty
  // collection, or a value that did not come from the reader).
  const SourcePos* position_of(const Value& form) const;
  // nullptr when parent was not recorded or index is past its elements.
  const SourcePos* element_position(const Value& parent, size_t index) const;
  // The file a recorded form came from; nullptr when not recorded.
  const std::string* file_of(const Value& form) const;
  // The type annotating element `index` of `parent`, or nullptr.
  const Value* annotation_of(const Value& parent, size_t index) const;

  size_t form_count() const { return entries_.size(); }

 private:
  struct Entry {
    Value form;  // keeps the object alive (see the invariants above)
    SourcePos pos;
    uint32_t file;
    uint32_t first_element;  // index into element_positions_
    uint32_t element_count;
  };
  const Entry* find(const Value& form) const;

  std::vector<std::string> files_;
  std::unordered_map<const void*, Entry> entries_;
  std::vector<SourcePos> element_positions_;  // every entry's elements, back to back
  std::map<std::pair<const void*, size_t>, Value> annotations_;
};

}  // namespace batuta
