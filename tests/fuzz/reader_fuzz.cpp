// reader_fuzz.cpp: libFuzzer target for the Profile A reader.
//
// Build by hand (not part of CMake yet), e.g.:
//   clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-exceptions \
//     -Isrc tests/fuzz/reader_fuzz.cpp src/read/*.cpp src/core/*.cpp -lxxhash -o reader_fuzz
//   ./reader_fuzz -max_total_time=120
//
// Checks beyond "no crash": the outcome is forms or a ParseError with a
// positioned message, and each form (unless it holds ##NaN) prints to text
// that reads back to an equal value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/equality.h"
#include "core/printer.h"
#include "read/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace batuta;
  std::string_view src(reinterpret_cast<const char*>(data), size);
  SourceMap map;
  auto forms = read_all(src, "fuzz.ba", map);
  if (!forms.ok()) {
    if (forms.error().kind != ErrorKind::ParseError || forms.error().message.rfind("fuzz.ba:", 0) != 0) std::abort();
    return 0;
  }
  for (const Value& form : forms.value()) {
    std::string printed = pr_str(form);
    if (printed.find("##NaN") != std::string::npos) continue;
    SourceMap map2;
    auto again = read_all(printed, "printed.ba", map2);
    if (!again.ok() || again.value().size() != 1 || !equals(form, again.value()[0])) std::abort();
  }
  return 0;
}
