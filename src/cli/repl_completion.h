// repl_completion.h: the text side of tab completion in the REPL (which
// word to complete, how far all candidates agree, how to list them). The
// names themselves come from Session::completions(); line_editor.cpp wires
// this to the Tab key.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace batuta::cli {

// Whether a byte can be part of a symbol as the REPL completes it: anything
// but whitespace, brackets, quotes and the reader-macro characters
// ( ) [ ] { } " ' ` ~ @ ^ ; , and backslash. Bytes of UTF-8 sequences count
// as symbol characters.
bool is_symbol_byte(unsigned char c);

// The symbol that ends at the cursor: `(map inc (printl` gives "printl",
// `#'batuta.core/ma` gives "batuta.core/ma". Empty when the cursor follows
// a delimiter.
std::string_view word_before_cursor(std::string_view text_before_cursor);

// The longest prefix every name shares (the names are not empty).
std::string common_prefix(const std::vector<std::string>& names);

// The names laid out in columns no wider than `width`, row by row as `ls`
// does, each row ending with a newline.
std::string format_columns(const std::vector<std::string>& names, int width);

}  // namespace batuta::cli
