// output.cpp: see output.h.
#include "lib/output.h"

#include <cstdio>
#include <vector>

#include "core/platform.h"

namespace batuta {

namespace {

// The capture buffers of this thread, innermost last. A plain pointer to
// a heap vector so no thread-local destructor order matters; it is freed
// when the last capture is popped.
BATUTA_THREAD_LOCAL std::vector<std::string>* t_captures = nullptr;

}  // namespace

void write_output(std::string_view text) {
  if (t_captures != nullptr && !t_captures->empty()) {
    t_captures->back().append(text);
    return;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void flush_output() { std::fflush(stdout); }

void push_output_capture() {
  if (t_captures == nullptr) t_captures = new std::vector<std::string>();
  t_captures->emplace_back();
}

bool pop_output_capture(std::string& captured) {
  if (t_captures == nullptr || t_captures->empty()) return false;
  captured = std::move(t_captures->back());
  t_captures->pop_back();
  if (t_captures->empty()) {
    delete t_captures;
    t_captures = nullptr;
  }
  return true;
}

size_t output_capture_depth() { return t_captures == nullptr ? 0 : t_captures->size(); }

}  // namespace batuta
