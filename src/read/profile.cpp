// profile.cpp: see profile.h. Profile A goes to the Profile A reader
// untouched; Profiles B and C are lexed once (profile_lexer.h), then each
// top-level form is parsed when it is asked for (profile_b.h, profile_c.h),
// so `::k` keywords resolve in the namespace current at that form.
#include "read/profile.h"

#include "read/profile_b.h"
#include "read/profile_c.h"
#include "read/profile_lexer.h"

namespace batuta {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ','; }

struct Pragma {
  bool present = false;
  std::string_view name;  // after `#lang`, trimmed
  size_t body = 0;        // where the text after the pragma line starts (its newline)
};

Pragma pragma_of(std::string_view s) {
  Pragma p;
  if (s.substr(0, 5) != "#lang" || (s.size() > 5 && !is_blank(s[5]))) return p;
  p.present = true;
  size_t eol = s.find('\n');
  p.body = eol == std::string_view::npos ? s.size() : eol;
  std::string_view line = s.substr(5, p.body - 5);
  while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
  while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
  p.name = line;
  return p;
}

std::string pos_text(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

}  // namespace

std::optional<Profile> profile_from_name(std::string_view name) {
  if (name.substr(0, 7) == "batuta/") name.remove_prefix(7);
  if (name == "a" || name == "A") return Profile::A;
  if (name == "b" || name == "B") return Profile::B;
  if (name == "c" || name == "C") return Profile::C;
  return std::nullopt;
}

const char* profile_name(Profile p) {
  switch (p) {
    case Profile::A: return "a";
    case Profile::B: return "b";
    case Profile::C: return "c";
  }
  return "a";
}

Profile profile_of(std::string_view source, Profile fallback) {
  Pragma p = pragma_of(source);
  if (!p.present) return fallback;
  if (p.name.substr(0, 7) != "batuta/") return Profile::A;  // the Profile A reader reports it
  return profile_from_name(p.name).value_or(Profile::A);
}

namespace surface {

// Profiles B and C: the lexed text, the expression parser, and (C) the
// layout; B's top-level forms are token ranges that start in column 1.
class SurfaceReader {
 public:
  SurfaceReader(std::string_view source, size_t start, std::string file, SourceMap& map, std::string_view ns,
                Profile profile)
      : source_(source), start_(start), file_(file), profile_(profile), parser_(lexed_, map, file, std::string(ns)) {}

  Result<bool> read(Value& out) {
    if (failed_) return error();
    if (!prepared_ && !prepare()) return error();
    Node node;
    if (layout_) {
      last_position_ = layout_->next_position();
      if (!layout_->next_form(node)) {
        if (parser_.failed()) return capture();
        return false;
      }
    } else {
      if (next_ >= forms_.size()) return false;
      auto [first, end] = forms_[next_];
      last_position_ = lexed_.tokens[first].pos;
      std::vector<Piece> pieces;
      for (size_t k = first; k < end; ++k) pieces.push_back(Piece{static_cast<uint32_t>(k), -1});
      SpanEnd span_end;
      span_end.pos = lexed_.end_of(end - 1);
      if (end == lexed_.tokens.size()) {
        span_end.description = "the end of input";
        span_end.at_end_of_input = true;
      } else {
        span_end.description = "a new top-level form at " + pos_text(lexed_.tokens[end].pos) +
                               " (a line in column 1 starts a new form; indent it to continue this one)";
      }
      ++next_;
      if (!parser_.parse_whole(pieces, span_end, node)) return capture();
    }
    out = parser_.seal(node);
    return true;
  }

  void set_namespace(std::string_view ns) { parser_.set_namespace(std::string(ns)); }
  SourcePos last_position() const { return last_position_; }
  const ReadError* last_error() const { return failed_ ? &error_ : nullptr; }
  bool incomplete() const { return failed_ && incomplete_; }

 private:
  bool prepare() {
    prepared_ = true;
    SyntaxError e;
    if (!lex(source_, start_, lexed_, e)) return capture_error(e);
    if (profile_ == Profile::C) {
      layout_.emplace(lexed_, parser_);
      parser_.set_block_expander(&*layout_);
      if (!layout_->build()) return capture_error(parser_.error());
      return true;
    }
    const std::vector<Token>& t = lexed_.tokens;
    for (size_t i = 0; i < t.size(); ++i) {
      bool starts = i == 0 || (t[i].line_start && t[i].pos.column == 1 && t[i].level == 0);
      if (!starts) continue;
      if (!forms_.empty()) forms_.back().second = i;
      forms_.emplace_back(i, t.size());
    }
    return true;
  }

  bool capture_error(const SyntaxError& e) {
    failed_ = true;
    incomplete_ = e.incomplete;
    error_ = ReadError{file_, e.pos, e.what};
    return false;
  }
  Error capture() {
    capture_error(parser_.error());
    return error();
  }
  Error error() const {
    return make_error(ErrorKind::ParseError, error_.file + ":" + pos_text(error_.pos) + ": " + error_.what);
  }

  std::string_view source_;
  size_t start_;
  std::string file_;
  Profile profile_;
  LexedSource lexed_;
  InfixParser parser_;
  std::optional<Layout> layout_;
  std::vector<std::pair<size_t, size_t>> forms_;  // Profile B: token ranges
  size_t next_ = 0;
  bool prepared_ = false;
  bool failed_ = false;
  bool incomplete_ = false;
  ReadError error_;
  SourcePos last_position_{1, 1};
};

}  // namespace surface

ProgramReader::ProgramReader(std::string_view source, std::string file_name, SourceMap& map,
                             std::string_view current_ns, Profile fallback)
    : profile_(profile_of(source, fallback)) {
  if (profile_ == Profile::A) {
    a_.emplace(source, std::move(file_name), map, current_ns);
  } else {
    Pragma p = pragma_of(source);
    surface_ = std::make_unique<surface::SurfaceReader>(source, p.present ? p.body : 0, std::move(file_name), map,
                                                        current_ns, profile_);
  }
}

ProgramReader::~ProgramReader() = default;

Result<bool> ProgramReader::read(Value& out) { return a_ ? a_->read(out) : surface_->read(out); }

Result<std::vector<Value>> ProgramReader::read_all() {
  std::vector<Value> forms;
  for (;;) {
    Value v;
    Result<bool> r = read(v);
    if (!r.ok()) return r.take_error();
    if (!r.value()) return forms;
    forms.push_back(std::move(v));
  }
}

void ProgramReader::set_namespace(std::string_view ns) {
  if (a_) a_->set_namespace(ns);
  else surface_->set_namespace(ns);
}

SourcePos ProgramReader::last_position() const { return a_ ? a_->last_position() : surface_->last_position(); }

const ReadError* ProgramReader::last_error() const { return a_ ? a_->last_error() : surface_->last_error(); }

bool ProgramReader::incomplete() const {
  if (!a_) return surface_->incomplete();
  const ReadError* e = a_->last_error();
  return e != nullptr && e->what.find("before the end of input") != std::string::npos;
}

Result<std::vector<Value>> read_program(std::string_view source, std::string file_name, SourceMap& map,
                                        std::string_view current_ns, Profile fallback) {
  ProgramReader reader(source, std::move(file_name), map, current_ns, fallback);
  return reader.read_all();
}

}  // namespace batuta
