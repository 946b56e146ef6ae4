// native_regex_host.cpp: regular expressions with RE2 (native builds only;
// on wasm32-wasi re-pattern, re-find, re-matches and re-seq are absent, as
// natives.def says, and no Regex value can be made).
//
// RE2 matches in linear time (no backtracking), so a pattern from untrusted
// input cannot hang the process; in exchange it has no backreferences or
// lookaround, and such patterns fail in re-pattern with RE2's message.
// Patterns are UTF-8, as Batuta strings are.
#include <re2/re2.h>

#include <optional>
#include <string>
#include <vector>

#include "core/list.h"
#include "core/regex.h"
#include "core/string.h"
#include "core/vector.h"
#include "lib/native_regex.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

void free_re2(void* p) { delete static_cast<RE2*>(p); }

const RE2& re_of(const Value& v) { return *static_cast<const RE2*>(as_regex(v)->compiled); }

Result<Value> compile(std::string_view pattern, std::string_view op) {
  RE2::Options options;
  options.set_log_errors(false);
  auto* re = new RE2(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    std::string message = std::string(op) + ": invalid regex #\"" + std::string(pattern) + "\": " + re->error();
    delete re;
    return make_error(ErrorKind::InvalidArgument, message);
  }
  return make_regex(std::string(pattern), re, &free_re2);
}

// The matched text and groups of one match (groups[0] is the whole match)
// as re-find gives them: the string alone, or [match g1 g2 ...] with nil
// for a group that did not take part.
Value match_value(const std::vector<re2::StringPiece>& groups) {
  if (groups.size() == 1) return make_string_from_utf8(std::string_view(groups[0].data(), groups[0].size()));
  std::vector<Value> items;
  for (const re2::StringPiece& g : groups) {
    items.push_back(g.data() == nullptr ? Value() : make_string_from_utf8(std::string_view(g.data(), g.size())));
  }
  return vector_from(items);
}

Result<Value> regex_arg(VmContext& ctx, const Value& v) {
  if (is_regex(v)) return v;
  if (is_string(v)) return compile(string_view_of(v), op_name(ctx));
  return expected(op_name(ctx), "a regex", v);
}

// Every match from `pos` on, as (start, end, groups). Empty matches advance
// by one character so the walk always ends.
template <class F>
void each_match(const RE2& re, std::string_view s, F&& f) {
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
  re2::StringPiece text(s.data(), s.size());
  size_t pos = 0;
  while (pos <= s.size()) {
    if (!re.Match(text, pos, s.size(), RE2::UNANCHORED, groups.data(), n)) break;
    size_t start = static_cast<size_t>(groups[0].data() - s.data());
    size_t end = start + groups[0].size();
    if (!f(start, end, groups)) break;
    if (end == start) {
      if (end >= s.size()) break;
      ++end;
      while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    }
    pos = end;
  }
}

}  // namespace

Result<Value> n_re_pattern(VmContext& ctx, std::span<const Value> args) {
  if (is_regex(args[0])) return args[0];
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  return compile(s.value(), op_name(ctx));
}

Result<Value> n_re_find(VmContext& ctx, std::span<const Value> args) {
  Result<Value> re = regex_arg(ctx, args[0]);
  if (!re) return re;
  Result<std::string_view> s = lib::string_arg(ctx, args[1]);
  if (!s) return s.take_error();
  Value found;
  each_match(re_of(re.value()), s.value(), [&](size_t, size_t, const std::vector<re2::StringPiece>& g) {
    found = match_value(g);
    return false;
  });
  return found;
}

Result<Value> n_re_matches(VmContext& ctx, std::span<const Value> args) {
  Result<Value> re = regex_arg(ctx, args[0]);
  if (!re) return re;
  Result<std::string_view> s = lib::string_arg(ctx, args[1]);
  if (!s) return s.take_error();
  const RE2& r = re_of(re.value());
  int n = r.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
  re2::StringPiece text(s.value().data(), s.value().size());
  if (!r.Match(text, 0, text.size(), RE2::ANCHOR_BOTH, groups.data(), n)) return Value();
  return match_value(groups);
}

Result<Value> n_re_seq(VmContext& ctx, std::span<const Value> args) {
  Result<Value> re = regex_arg(ctx, args[0]);
  if (!re) return re;
  Result<std::string_view> s = lib::string_arg(ctx, args[1]);
  if (!s) return s.take_error();
  std::vector<Value> matches;
  each_match(re_of(re.value()), s.value(), [&](size_t, size_t, const std::vector<re2::StringPiece>& g) {
    matches.push_back(match_value(g));
    return true;
  });
  if (matches.empty()) return Value();  // as Clojure's re-seq: nil when nothing matches
  return list_from(matches);
}

namespace lib {

Result<Value> regex_split(const Value& re, std::string_view s, int64_t limit) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  each_match(re_of(re), s, [&](size_t start, size_t end, const std::vector<re2::StringPiece>&) {
    if (limit > 0 && static_cast<int64_t>(parts.size()) == limit - 1) return false;
    if (end == 0) return true;  // a zero-width match at the start makes no leading empty part
    if (start == end && start >= s.size()) return false;
    parts.push_back(s.substr(pos, start - pos));
    pos = end;
    return true;
  });
  parts.push_back(s.substr(pos));
  if (limit == 0)
    while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  std::vector<Value> items;
  for (std::string_view p : parts) items.push_back(make_string_from_utf8(p));
  return vector_from(items);
}

Result<Value> regex_replace(const Value& re, std::string_view s, std::string_view replacement) {
  const RE2& r = re_of(re);
  int groups = r.NumberOfCapturingGroups();
  std::string out;
  size_t pos = 0;
  Error bad{ErrorKind::InvalidArgument, ""};
  each_match(r, s, [&](size_t start, size_t end, const std::vector<re2::StringPiece>& g) {
    out.append(s.substr(pos, start - pos));
    for (size_t i = 0; i < replacement.size(); ++i) {
      char c = replacement[i];
      if (c == '\\' && i + 1 < replacement.size()) {
        out += replacement[++i];
      } else if (c == '$' && i + 1 < replacement.size() && replacement[i + 1] >= '0' && replacement[i + 1] <= '9') {
        int k = replacement[++i] - '0';
        if (k > groups) {
          bad.message = "replace: the replacement names group $" + std::to_string(k) + " but the regex has " +
                        std::to_string(groups);
          return false;
        }
        if (g[k].data() != nullptr) out.append(g[k].data(), g[k].size());
      } else {
        out += c;
      }
    }
    pos = end;
    return true;
  });
  if (!bad.message.empty()) return bad;
  out.append(s.substr(pos));
  return make_string_from_utf8(out);
}

// The replacement is (f match), match as re-find gives it. f runs on the
// native's fiber (VmContext::call): it may not suspend, as a lazy seq's
// body called from a native may not.
Result<Value> regex_replace_with(VmContext& ctx, const Value& re, std::string_view s, const Value& f) {
  std::string out;
  size_t pos = 0;
  std::optional<Error> failed;
  each_match(re_of(re), s, [&](size_t start, size_t end, const std::vector<re2::StringPiece>& g) {
    const Value arg = match_value(g);
    Result<Value> r = ctx.call(f, std::span<const Value>(&arg, 1));
    if (!r) {
      failed = r.take_error();
      return false;
    }
    if (!is_string(r.value())) {
      failed = expected(op_name(ctx), "a string from the replacement function", r.value());
      return false;
    }
    out.append(s.substr(pos, start - pos));
    out.append(string_view_of(r.value()));
    pos = end;
    return true;
  });
  if (failed) return std::move(*failed);
  out.append(s.substr(pos));
  return make_string_from_utf8(out);
}

}  // namespace lib

}  // namespace batuta
