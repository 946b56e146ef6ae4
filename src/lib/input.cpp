// input.cpp: see input.h.
#include "lib/input.h"

#include <cstdio>
#include <vector>

#include "core/platform.h"

namespace batuta {

namespace {

struct StringInput {
  std::string text;
  size_t pos = 0;  // the next unread byte
};

// The redirections of this thread, innermost last. A plain pointer to a
// heap vector, as output.cpp's captures, so no thread-local destructor
// order matters; it is freed when the last redirection is popped.
BATUTA_THREAD_LOCAL std::vector<StringInput>* t_inputs = nullptr;

std::optional<std::string> line_of_stdin() {
  std::string line;
  int c;
  bool any = false;
  while ((c = std::fgetc(stdin)) != EOF) {
    any = true;
    if (c == '\n') break;
    line.push_back(static_cast<char>(c));
  }
  if (!any) return std::nullopt;
  return line;
}

std::optional<std::string> line_of(StringInput& in) {
  if (in.pos >= in.text.size()) return std::nullopt;
  size_t nl = in.text.find('\n', in.pos);
  size_t end = nl == std::string::npos ? in.text.size() : nl;
  std::string line = in.text.substr(in.pos, end - in.pos);
  in.pos = nl == std::string::npos ? end : nl + 1;
  return line;
}

}  // namespace

void push_input_string(std::string_view text) {
  if (t_inputs == nullptr) t_inputs = new std::vector<StringInput>();
  t_inputs->push_back(StringInput{std::string(text), 0});
}

bool pop_input_string() {
  if (t_inputs == nullptr || t_inputs->empty()) return false;
  t_inputs->pop_back();
  if (t_inputs->empty()) {
    delete t_inputs;
    t_inputs = nullptr;
  }
  return true;
}

size_t input_redirect_depth() { return t_inputs == nullptr ? 0 : t_inputs->size(); }

std::optional<std::string> read_input_line() {
  std::optional<std::string> line =
      t_inputs != nullptr && !t_inputs->empty() ? line_of(t_inputs->back()) : line_of_stdin();
  if (line && !line->empty() && line->back() == '\r') line->pop_back();
  return line;
}

}  // namespace batuta
