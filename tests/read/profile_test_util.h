// profile_test_util.h: helpers shared by the Profile B and C tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/list.h"
#include "core/map.h"
#include "core/printer.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "read/profile.h"

namespace batuta::test {

// The printed Profile A forms of `src` read in `profile` (no #lang line
// needed, so positions start at line 1), one per line; or "ERROR: message".
inline std::string desugar(std::string_view src, Profile profile) {
  SourceMap map;
  auto r = read_program(src, "t.ba", map, "user", profile);
  if (!r.ok()) return "ERROR: " + r.error().message;
  std::string out;
  for (const Value& form : r.value()) {
    if (!out.empty()) out += "\n";
    out += pr_str(form);
  }
  return out;
}

inline std::string b(std::string_view src) { return desugar(src, Profile::B); }
inline std::string c(std::string_view src) { return desugar(src, Profile::C); }

// The message of the error reading `src` ("" when it reads), and whether
// the reader called the input incomplete.
struct ProfileError {
  std::string message;
  bool incomplete = false;
};

inline ProfileError profile_error(std::string_view src, Profile profile) {
  SourceMap map;
  ProgramReader reader(src, "t.ba", map, "user", profile);
  auto r = reader.read_all();
  if (r.ok()) return {};
  EXPECT_EQ(r.error().kind, ErrorKind::ParseError);
  return {r.error().message, reader.incomplete()};
}

inline std::string b_error(std::string_view src) { return profile_error(src, Profile::B).message; }
inline std::string c_error(std::string_view src) { return profile_error(src, Profile::C).message; }

// Every heap form inside `form` (lists, vectors, maps, sets, tuples; not
// the shared empty ones), outermost first.
inline void collect_heap_forms(const Value& form, std::vector<Value>& out) {
  if (!form.is_object() || form.as_object()->is_immortal()) return;
  out.push_back(form);
  if (is_cons(form)) {
    for (Value v = form; is_cons(v); v = list_rest(v)) collect_heap_forms(list_first(v), out);
  } else if (is_vector(form)) {
    for (size_t i = 0; i < vector_count(form); ++i) collect_heap_forms(vector_at(form, i), out);
  } else if (is_tuple(form)) {
    for (int64_t i = 0;; ++i) {
      auto e = tuple_nth(form, i);
      if (!e.ok()) break;
      collect_heap_forms(e.value(), out);
    }
  }
}

}  // namespace batuta::test
