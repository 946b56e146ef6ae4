// input.h: where read-line (and so line-seq) reads from.
//
// By default the process's standard input, through stdio. with-in-str
// redirects it: it calls push-input-string with a string, evaluates its
// body, then pop-input-string; while a string is pushed, read-line reads
// its lines instead. Redirections nest and are per thread, as output
// captures are (output.h): an actor on another thread reads its own input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace batuta {

void push_input_string(std::string_view text);
// Ends the innermost redirection; false when none is active.
bool pop_input_string();
// How many redirections are active on this thread (call-in-fiber closes
// the ones a panicking body left open).
size_t input_redirect_depth();

// The next line of the input without its line ending ("\n" or "\r\n");
// nullopt at the end. Bytes are returned as read: the caller checks UTF-8.
std::optional<std::string> read_input_line();

}  // namespace batuta
