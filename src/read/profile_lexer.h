// profile_lexer.h: the tokens of Profiles B and C (docs/grammar.md).
//
// Profiles B and C share Profile A's lexical syntax: the same literals,
// comments, `#_` discards and token boundaries (a symbol such as
// `group-by` or `n-1` is one token; operators are separate tokens only
// when whitespace or a bracket separates them: `n - 1`). The lexer finds
// where each token starts and ends; the text of a literal is turned into a
// value later by the Profile A reader itself (profile_b.cpp), so every
// profile reads literals identically.
//
// What the lexer adds for the surface profiles: each token knows its
// bracket level, whether it is the first token on its line (layout: a line
// in column 1 starts a top-level form in B; indentation builds blocks in
// C), the index of the bracket that closes it, and, for a symbol, which
// operator or word of the surface grammar it is.
//
// Invariants after lex() succeeds:
//   - brackets are balanced and matched (`close` of every opener is the
//     index of its closer);
//   - `#_` and the form it discards are gone (as in Profile A, a discarded
//     form is never seen by the parser);
//   - tokens are in source order and `pos` is the position of `begin`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_pos.h"

namespace batuta::surface {

enum class Tok : uint8_t {
  Atom,             // number, string, character, keyword, regex, #x1A, ##Inf: read by the Profile A reader
  Symbol,           // a symbol token, operators and words included (see Word)
  Open,             // (
  OpenVector,       // [
  OpenBrace,        // {
  OpenSet,          // #{
  OpenFn,           // #(
  Close,            // )
  CloseVector,      // ]
  CloseBrace,       // }
  Quote,            // '
  SyntaxQuote,      // `
  Unquote,          // ~
  UnquoteSplicing,  // ~@
  Deref,            // @
  Annotation,       // a lone ::
  Discard,          // #_ (removed before parsing)
};

// The symbols the surface grammar treats specially. Binary operators are
// listed loosest first within the table of profile_lexer.cpp.
enum class Word : uint8_t {
  None,
  Pipe,   // |>
  Or,     // or
  And,    // and
  Eq,     // =
  NotEq,  // not=
  Lt,     // <
  Le,     // <=
  Gt,     // >
  Ge,     // >=
  Plus,   // +
  Minus,  // -
  Times,  // *
  Divide, // /
  Mod,    // mod
  Not,    // not
  If,
  Then,
  Else,
  Let,
  In,
  Define,
  When,
  Arrow,  // ->
};

// Binding power of a binary operator (1 loosest, 6 tightest); 0 when the
// word is not a binary operator.
int binary_precedence(Word w);
bool is_operator(Word w);  // a binary operator or `not`

struct Token {
  Tok kind;
  Word word = Word::None;
  uint32_t begin;       // byte offsets in the source
  uint32_t end;
  SourcePos pos;        // of `begin`
  uint32_t last_line;   // line of the last byte (strings span lines)
  uint32_t level = 0;   // bracket nesting: openers and closers at L, what they hold at L + 1
  uint32_t close = 0;   // for an opener: the index of its closer
  bool line_start = false;  // no earlier token on its line
  bool is_opener() const { return kind >= Tok::Open && kind <= Tok::OpenFn; }
  bool is_closer() const { return kind >= Tok::Close && kind <= Tok::CloseBrace; }
  bool is_prefix() const { return kind >= Tok::Quote && kind <= Tok::Deref; }
};

struct SyntaxError {
  SourcePos pos;
  std::string what;         // without the "file:line:column: " prefix
  bool incomplete = false;  // the input ended where more was needed
};

struct LexedSource {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<uint32_t> line_starts;  // byte offset of each line's first byte

  // Line and column (in code points) of a byte offset.
  SourcePos position_of(size_t offset) const;
  // The position just after token i.
  SourcePos end_of(size_t i) const { return position_of(tokens[i].end); }
  SourcePos end_of_input() const { return position_of(text.size()); }
  std::string_view token_text(size_t i) const {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  }
  // Bytes of whitespace before token i on its line (its indentation).
  std::string_view indentation_of(size_t i) const;
};

// Tokens of `text` from byte `start` (after a #lang line). `text` must
// outlive `out`. False with `error` set on a lexical error.
bool lex(std::string_view text, size_t start, LexedSource& out, SyntaxError& error);

// A token as error messages show it: at most 40 bytes (cut on a code point).
std::string shown_token(std::string_view text);

}  // namespace batuta::surface
