// output.h: where print, println, pr, prn and newline write.
//
// By default the process's standard output, through stdio (so the text
// interleaves correctly with anything else written there). The stream is
// flushed after every newline when it is a terminal (stdio's line
// buffering) and otherwise when `flush` is called or flush_output() is
// called by the CLI before it exits; stdio's own exit-time flush also
// applies when the process ends normally.
//
// Capture: with-out-str calls push-output-capture, evaluates its body, then
// pop-output-capture, which returns what the body printed. Captures nest
// and are per thread (an actor printing on another thread writes to its
// own output, not into this capture).
#pragma once

#include <string>
#include <string_view>

namespace batuta {

void write_output(std::string_view text);
void flush_output();

void push_output_capture();
// The innermost capture's text; false when no capture is active.
bool pop_output_capture(std::string& captured);
// How many captures are active on this thread (for tests).
size_t output_capture_depth();

}  // namespace batuta
