// source_map.cpp: see source_map.h.
#include "read/source_map.h"

#include "core/object.h"

namespace batuta {

uint32_t SourceMap::add_file(std::string file_name) {
  files_.push_back(std::move(file_name));
  return static_cast<uint32_t>(files_.size() - 1);
}

void SourceMap::record(const Value& form, uint32_t file, SourcePos pos, std::span<const SourcePos> elements) {
  if (!form.is_object() || form.as_object()->is_immortal()) return;
  Entry e{form, pos, file, static_cast<uint32_t>(element_positions_.size()), static_cast<uint32_t>(elements.size())};
  element_positions_.insert(element_positions_.end(), elements.begin(), elements.end());
  // A fresh object is recorded once; should a caller record it again, the
  // first (outermost-read) position stays.
  entries_.emplace(form.as_object(), std::move(e));
}

void SourceMap::annotate(const Value& parent, size_t index, Value type) {
  if (!parent.is_object()) return;
  annotations_[{parent.as_object(), index}] = std::move(type);
}

const SourceMap::Entry* SourceMap::find(const Value& form) const {
  if (!form.is_object()) return nullptr;
  auto it = entries_.find(form.as_object());
  return it == entries_.end() ? nullptr : &it->second;
}

const SourcePos* SourceMap::position_of(const Value& form) const {
  const Entry* e = find(form);
  return e ? &e->pos : nullptr;
}

const SourcePos* SourceMap::element_position(const Value& parent, size_t index) const {
  const Entry* e = find(parent);
  if (!e || index >= e->element_count) return nullptr;
  return &element_positions_[e->first_element + index];
}

const std::string* SourceMap::file_of(const Value& form) const {
  const Entry* e = find(form);
  return e && e->file < files_.size() ? &files_[e->file] : nullptr;
}

const Value* SourceMap::annotation_of(const Value& parent, size_t index) const {
  if (!parent.is_object()) return nullptr;
  auto it = annotations_.find({parent.as_object(), index});
  return it == annotations_.end() ? nullptr : &it->second;
}

}  // namespace batuta
