// The front end of `batuta compile` (aot/program_protos.h,
// aot/program_main.h): which top-level forms run at compile time, which
// protos are collected, and how the source is embedded in C++.
#include <gtest/gtest.h>

#include <string>

#include "aot/program_main.h"
#include "aot/program_protos.h"
#include "core/name.h"
#include "lib/eval.h"
#include "read/reader.h"
#include "read/source_map.h"
#include "vm/var.h"

namespace batuta {
namespace {

Value read_one(std::string_view text) {
  SourceMap map;
  auto forms = read_program(text, "t.ba", map);
  EXPECT_TRUE(forms.ok());
  EXPECT_EQ(forms.value().size(), 1u);
  return forms.value().at(0);
}

bool runs(std::string_view text) { return aot::runs_at_compile_time(read_one(text)); }

TEST(CompileTimeRule, DefinitionsOfFunctionsRun) {
  EXPECT_TRUE(runs("(def* f {:arglists (quote ([x]))} (fn* f [x] x))"));  // defn, defmacro
  EXPECT_TRUE(runs("(def f (fn [x] x))"));
  EXPECT_TRUE(runs("(def f \"doc\" (fn* [x] x))"));
  EXPECT_TRUE(runs("(batuta.core/def f (batuta.core/fn [x] x))"));
}

TEST(CompileTimeRule, OtherDefinitionsAreOnlyDeclared) {
  EXPECT_FALSE(runs("(def table (compute-table))"));
  EXPECT_FALSE(runs("(def n 42)"));
  EXPECT_FALSE(runs("(def f (comp inc inc))"));
  EXPECT_FALSE(runs("(def x)"));
}

TEST(CompileTimeRule, NamespaceFormsRun) {
  EXPECT_TRUE(runs("(in-ns (quote app.main))"));
  EXPECT_TRUE(runs("(batuta.core/require (quote [my.util :as u]))"));
  EXPECT_TRUE(runs("(alias (quote u) (quote my.util))"));
  // What (ns app (:require ...)) expands to, as one form.
  EXPECT_TRUE(runs("(do (batuta.core/in-ns (quote app)) (batuta.core/require (quote (:require [u]))) nil)"));
}

TEST(CompileTimeRule, EverythingElseDoesNotRun) {
  EXPECT_FALSE(runs("(println \"hi\")"));
  EXPECT_FALSE(runs("(spawn counter 0)"));
  EXPECT_FALSE(runs("(do (def* t {} (fn* t [] nil)) (register! (var t)))"));  // a do with a call
  EXPECT_FALSE(runs("(do (in-ns (quote a)) [(println 1)])"));                 // a vector may hold calls
  EXPECT_FALSE(runs("42"));
}

TEST(ProgramProtos, CollectsEveryProtoWithoutRunningTheProgram) {
  ASSERT_TRUE(boot().ok());
  EvalError error;
  auto protos = aot::compile_program_protos(
      "(ns aot.front-end-test)\n"
      "(def started (atom :not-run))\n"
      "(reset! started :ran)\n"
      "(defn adder ([x] (fn [y] (+ x y))) ([x y] (+ x y)))\n"
      "(defn- helper [x] (list 'inc x))\n"
      "(defmacro incr [x] (helper x))\n"
      "(def three (incr 2))\n",
      "front_end.ba", &error);
  ASSERT_TRUE(protos.ok()) << error.report;
  // Seven top-level thunks (ns's do is one form), adder's two arities and
  // its inner fn, helper, incr.
  EXPECT_EQ(protos.value().protos.size(), 12u);
  EXPECT_EQ(protos.value().pointers().size(), protos.value().protos.size());
  // The atom was declared, never made; adder and the macro were defined.
  Namespace* ns = find_namespace(symbol("aot.front-end-test"));
  ASSERT_NE(ns, nullptr);
  Value v;
  EXPECT_FALSE(var_get(intern_var(ns, symbol("started")), v));
  EXPECT_TRUE(var_get(intern_var(ns, symbol("adder")), v));
  EXPECT_FALSE(var_get(intern_var(ns, symbol("three")), v));
}

TEST(ProgramProtos, ReportsCompileErrorsWithTheirPosition) {
  ASSERT_TRUE(boot().ok());
  EvalError error;
  auto protos = aot::compile_program_protos("(println 1)\n(defn f [] (nowhere))\n", "bad.ba", &error);
  ASSERT_FALSE(protos.ok());
  EXPECT_EQ(error.report.rfind("bad.ba:2:", 0), 0u) << error.report;
}

TEST(ProgramMain, StringLiteralsEscapeWhatCppWouldRead) {
  EXPECT_EQ(aot::cpp_string_literal(""), "\"\"");
  EXPECT_EQ(aot::cpp_string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(aot::cpp_string_literal("?" "?="), "\"\\077\\077=\"");  // no trigraph can form
  EXPECT_EQ(aot::cpp_string_literal("\xc3\xa9" "1"), "\"\\303\\2511\"");  // 3 octal digits: the 1 stays
  EXPECT_EQ(aot::cpp_string_literal("x\ny\n"), "\"x\\n\"\n    \"y\\n\"");
}

TEST(ProgramMain, EmbedsSourcePathAndPreloads) {
  const std::string preload[] = {"batuta.core"};
  std::string unit = aot::generate_program_main("(println 1)\n", "dir/app.ba", preload);
  EXPECT_NE(unit.find("const char kPath[] = \"dir/app.ba\";"), std::string::npos) << unit;
  EXPECT_NE(unit.find("\"(println 1)\\n\""), std::string::npos) << unit;
  EXPECT_NE(unit.find("{\"batuta.core\", nullptr}"), std::string::npos) << unit;
  EXPECT_NE(unit.find("batuta::cli::run_compiled_program(program, argc, argv)"), std::string::npos) << unit;
}

}  // namespace
}  // namespace batuta
