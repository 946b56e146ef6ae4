#!/bin/sh
# Runs the examples of Batuta's documentation: every fenced code block
# marked ```batuta in a markdown file is a program, run with `batuta run`,
# whose expected output is written inside the block:
#
#   (+ 1 2)
#   ;; => 3                  the printed (prn) value of the form before
#   (/ 1 3)  ;; => 1/3       the same, on the form's own last line
#   (println "hi")
#   ;; prints: hi            one line the form before prints (stdout)
#   (/ 1 0)
#   ;; error: division by zero   the program ends here with an error whose
#                            report (stderr) contains this text; exit status 1
#
# The rules, so that a block needs no parser to split it into forms:
#   - A top-level form starts in column 0; lines that start with a space, a
#     tab or a closing bracket continue it (the usual layout of examples).
#   - Every marker may stand on its own line or follow code on the form's
#     own line: `(println "hi")  ;; prints: hi`. `;; =>` may also be written
#     `;=>` or `; =>`; `;; prints:` and `;; error:` take one or more
#     semicolons too. Text after the marker is
#     compared verbatim (trailing spaces removed); `;; prints:` with no text
#     expects an empty line. Several `;; prints:` lines state several lines.
#   - A form with `;; =>` is run as (prn FORM); its printed lines come first,
#     then the value, whatever order the markers are written in. A form with
#     no `;; =>` runs without printing its value.
#   - The program's stdout must be exactly the stated lines, in order; its
#     stderr must be empty unless the block states `;; error:`, which must
#     then be the block's last marker.
#   - Each block is a separate program: definitions do not carry over.
#     Blocks marked ```clojure or unmarked are not run.
#
# Usage: run_doc_tests.sh BATUTA FILE.md...
# Prints PASS/FAIL per block with the file and line of its fence; exit
# status 0 only when every block of every file passes (a file with no
# ```batuta block fails, so a test is never silently empty).
# POSIX sh, awk, diff, grep, mktemp; `timeout` when present.

set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 BATUTA FILE.md..." >&2
  exit 2
fi
. "$(dirname "$0")/../support/golden.sh"
golden_setup "$0" "$1"
shift

# split_blocks FILE.md DIR: writes, for the Nth ```batuta block, DIR/N.ba
# (the program), DIR/N.expected (stdout lines), DIR/N.errors (stderr
# substrings) and a line "N FENCE_LINE" to DIR/blocks. A marker with no
# form before it is reported on stderr as "FILE:LINE: ..." and fails.
split_blocks() {
  awk -v dir="$2" -v md="$1" '
    function rtrim(s) { sub(/[ \t]+$/, "", s); return s }
    # Emits the current form, wrapped in prn when it has a stated value,
    # and its expectations: printed lines first, then the value.
    function flush() {
      if (form == "") return
      if (has_value) printf "(prn\n%s\n)\n", form > prog
      else printf "%s\n", form > prog
      if (prints != "") printf "%s", prints > expected
      if (has_value) printf "%s\n", value > expected
      form = ""; prints = ""; has_value = 0
    }
    function need_form(what) {
      if (form == "") {
        printf "%s:%d: %s with no form before it\n", md, NR, what > "/dev/stderr"
        bad = 1
      }
    }
    BEGIN { inblock = 0; n = 0; bad = 0 }
    !inblock && /^```batuta[ \t]*$/ {
      inblock = 1; n++
      prog = dir "/" n ".ba"; expected = dir "/" n ".expected"; errors = dir "/" n ".errors"
      printf "" > prog; printf "" > expected; printf "" > errors
      print n, NR > (dir "/blocks")
      form = ""; prints = ""; has_value = 0; errored = 0
      next
    }
    inblock && /^```[ \t]*$/ {
      flush(); close(prog); close(expected); close(errors)
      inblock = 0
      next
    }
    !inblock { next }
    # Own-line markers.
    /^[ \t]*;+[ \t]*=>/ {
      need_form(";; =>")
      line = $0; sub(/^[ \t]*;+[ \t]*=>[ \t]?/, "", line)
      value = rtrim(line); has_value = 1
      next
    }
    /^[ \t]*;+[ \t]*prints:/ {
      need_form(";; prints:")
      line = $0; sub(/^[ \t]*;+[ \t]*prints:[ \t]?/, "", line)
      prints = prints rtrim(line) "\n"
      next
    }
    /^[ \t]*;+[ \t]*error:/ {
      need_form(";; error:")
      line = $0; sub(/^[ \t]*;+[ \t]*error:[ \t]?/, "", line)
      print rtrim(line) > errors
      next
    }
    # A line in column 0 that is code starts a new form.
    /^[^ \t;)\]}]/ { flush() }
    {
      line = $0
      # A marker after code on the same line.
      if (line !~ /^[ \t]*;/ && match(line, /;+[ \t]*(=>|prints:|error:)/)) {
        marker = substr(line, RSTART, RLENGTH)
        text = substr(line, RSTART + RLENGTH); sub(/^[ \t]/, "", text); text = rtrim(text)
        line = rtrim(substr(line, 1, RSTART - 1))
        pending = text; pending_kind = marker
      } else pending_kind = ""
      if (form == "" && line ~ /^[ \t]*(;.*)?$/) next   # no form yet: skip blank/comment lines
      form = (form == "") ? line : form "\n" line
      if (pending_kind ~ /=>$/) { value = pending; has_value = 1 }
      else if (pending_kind ~ /prints:$/) prints = prints pending "\n"
      else if (pending_kind ~ /error:$/) print pending > errors
    }
    END {
      if (inblock) { printf "%s: the last ```batuta block is not closed\n", md > "/dev/stderr"; bad = 1 }
      exit bad
    }
  ' "$1"
}

run_block() {
  md=$1 n=$2 fence=$3 dir=$4
  $runner "$batuta" run "$dir/$n.ba" </dev/null >"$dir/$n.stdout" 2>"$dir/$n.stderr"
  exit_got=$?
  exit_want=0
  [ -s "$dir/$n.errors" ] && exit_want=1
  failed=""
  golden_compare "$exit_got" "$exit_want" "$dir/$n.expected" "$dir/$n.stdout" \
    "$dir/$n.errors" "$dir/$n.stderr"
  if [ -z "$failed" ]; then
    echo "PASS $md:$fence"
    return 0
  fi
  echo "FAIL $md:$fence$failed"
  if [ -s "$dir/$n.stderr" ]; then
    echo "  stderr (first 10 lines):"
    head -n 10 "$dir/$n.stderr" | sed 's/^/    /'
  fi
  echo "  the program run (each form with ;; => wrapped in prn):"
  sed 's/^/    | /' "$dir/$n.ba"
  return 1
}

failures=0
total=0
block_failures=0
index=0
for md in "$@"; do
  index=$((index + 1))
  dir="$work/$index"
  mkdir "$dir"
  if ! split_blocks "$md" "$dir"; then
    echo "FAIL $md: malformed examples (see above)"
    failures=$((failures + 1))
    continue
  fi
  if [ ! -s "$dir/blocks" ]; then
    echo "FAIL $md: no \`\`\`batuta block"
    failures=$((failures + 1))
    continue
  fi
  while read -r n fence; do
    total=$((total + 1))
    if ! run_block "$md" "$n" "$fence" "$dir"; then
      failures=$((failures + 1))
      block_failures=$((block_failures + 1))
    fi
  done <"$dir/blocks"
done
echo "$((total - block_failures)) of $total blocks passed"
[ "$failures" = 0 ]
