// embedded_library_test.cpp: the embedded Batuta files load when first
// used, not at start (lib/stdlib.h): by a name they define, a qualified
// name of their namespace, require or ns-publics; once; with a clear error
// when one is broken.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <algorithm>
#include <span>
#include <string>
#include <string_view>

#include "actor/actor_natives.h"
#include "core/collection.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "lib/eval.h"
#include "lib/output.h"
#include "lib/stdlib.h"
#include "vm/var.h"

namespace batuta {
namespace {

using ::testing::HasSubstr;

// Boots as the CLI does, then registers a test table. Each test has its
// own files (a table registered twice is ignored, and a file loads once per
// process), so the tests also pass when run in one process, in any order.
// The files print when they load, so a second load would show.
void boot_with(std::span<const EmbeddedSource> table = {}) {
  install_actor_natives();  // actor_boot.ba, registered below, names them
  ASSERT_TRUE(boot().ok());
  ASSERT_TRUE(register_embedded_sources(embedded_actor_library()).ok());
  if (!table.empty()) {
    ASSERT_TRUE(register_embedded_sources(table).ok());
  }
}

// What the forms printed, then the printed value of the last one, or
// "ERROR: report". Each top-level form compiles after the one before ran,
// so a require makes its alias usable by the next form.
std::string eval(std::string_view source) {
  Session session;
  EvalError error;
  push_output_capture();
  auto r = session.eval_source(source, "t.ba", &error);
  std::string printed;
  pop_output_capture(printed);
  return printed + (r.ok() ? pr_str(r.value()) : "ERROR: " + error.report);
}

TEST(EmbeddedLibrary, SymbolsEntryLoadsOnFirstReferenceOnly) {
  static constexpr std::string_view kNames[] = {"autoload-test-greet"};
  static const EmbeddedSource kTable[] = {
      {"batuta.core", "greet_test.ba",
       "(println \"loading greet\")\n(defn autoload-test-greet [who] (str \"hello \" who))\n",
       LoadTrigger::Symbols, kNames}};
  boot_with(kTable);
  EXPECT_FALSE(embedded_file_loaded("greet_test.ba"));
  EXPECT_EQ(eval("(autoload-test-greet \"ann\")"), "loading greet\n\"hello ann\"");
  EXPECT_TRUE(embedded_file_loaded("greet_test.ba"));
  EXPECT_EQ(eval("(autoload-test-greet \"bob\")"), "\"hello bob\"");  // not loaded again
  EXPECT_EQ(eval("(batuta.core/autoload-test-greet \"cy\")"), "\"hello cy\"");
}

TEST(EmbeddedLibrary, NamespaceEntryLoadsOnQualifiedName) {
  static const EmbeddedSource kTable[] = {{"autoload.sample", "sample_test.ba",
                                           "(println \"loading sample\")\n(defn twice [x] (* 2 x))\n",
                                           LoadTrigger::Namespace, {}}};
  boot_with(kTable);
  EXPECT_FALSE(embedded_file_loaded("sample_test.ba"));
  EXPECT_EQ(eval("(autoload.sample/twice 21)"), "loading sample\n42");
  EXPECT_TRUE(embedded_file_loaded("sample_test.ba"));
  EXPECT_EQ(eval("(require '[autoload.sample :as s]) (s/twice 4)"), "8");
}

TEST(EmbeddedLibrary, NamespaceEntryLoadsOnRequire) {
  static const EmbeddedSource kTable[] = {{"autoload.other", "other_test.ba",
                                           "(println \"loading other\")\n(defn thrice [x] (* 3 x))\n",
                                           LoadTrigger::Namespace, {}}};
  boot_with(kTable);
  EXPECT_EQ(eval("(require '[autoload.other :refer [thrice]]) (thrice 5)"), "loading other\n15");
}

TEST(EmbeddedLibrary, UnknownNamesStayUnresolved) {
  static const EmbeddedSource kTable[] = {
      {"autoload.known", "known_test.ba", "(def one 1)\n", LoadTrigger::Namespace, {}}};
  boot_with(kTable);
  EXPECT_THAT(eval("(autoload-test-nothing 1)"), HasSubstr("unable to resolve symbol: autoload-test-nothing"));
  EXPECT_THAT(eval("autoload.known/nothing"), HasSubstr("no such var: autoload.known/nothing"));
}

TEST(EmbeddedLibrary, BrokenFileIsReportedByRequire) {
  static const EmbeddedSource kTable[] = {
      {"autoload.broken", "broken_test.ba", "(def value (no-such-function 1))\n", LoadTrigger::Namespace, {}}};
  boot_with(kTable);
  const std::string r = eval("(require 'autoload.broken)");
  EXPECT_THAT(r, HasSubstr("the embedded library batuta/broken_test.ba does not load: "));
  EXPECT_THAT(r, HasSubstr("unable to resolve symbol: no-such-function"));
  // The failure is kept: the next require says the same, without retrying.
  EXPECT_THAT(eval("(require 'autoload.broken)"), HasSubstr("batuta/broken_test.ba does not load"));
}

TEST(EmbeddedLibrary, BatutaTestLoadsOnRequireThoughItsNativesCameFirst) {
  boot_with();
  // call-in-fiber is a native of batuta.test: the namespace has vars
  // before test.ba is loaded, and require must still load it.
  Namespace* ns = find_namespace(symbol("batuta.test"));
  ASSERT_NE(ns, nullptr);
  EXPECT_NE(find_var(ns, symbol("call-in-fiber")), nullptr);
  EXPECT_EQ(eval("(require '[batuta.test :refer [deftest is]]) (deftest t (is (= 1 1))) (:passed (batuta.test/run-tests))"),
            "Ran 1 test containing 1 assertion.\n1 passed, 0 failed\n1");
  EXPECT_TRUE(embedded_file_loaded("test.ba"));
}

TEST(EmbeddedLibrary, DirListsAnUnloadedNamespace) {
  boot_with();
  EXPECT_EQ(eval("(contains? (ns-publics 'batuta.set) 'union)"), "true");
  EXPECT_EQ(eval("(contains? (ns-publics 'batuta.core) 'defactor)"), "true");
}

TEST(EmbeddedLibrary, DocFindsAnUnloadedName) {
  boot_with();
  EXPECT_THAT(eval("(doc defsupervisor)"), HasSubstr("batuta.core/defsupervisor"));
}

TEST(EmbeddedLibrary, CompletionOffersUnloadedNames) {
  boot_with();
  Session session;
  auto names = session.completions("defsup");
  EXPECT_NE(std::find(names.begin(), names.end(), "defsupervisor"), names.end());
  auto set_names = session.completions("set/uni");
  EXPECT_NE(std::find(set_names.begin(), set_names.end(), "set/union"), set_names.end());
}

// The trigger list of actor.ba is generated from its text
// (cmake/embed_sources.cmake): every var the file defines must be on it, or
// a program naming that var would not load the file.
TEST(EmbeddedLibrary, ActorLibraryTriggersNameEveryDefinition) {
  boot_with();
  const EmbeddedSource* actor = nullptr;
  for (const EmbeddedSource& src : embedded_actor_library()) {
    if (src.path == "actor.ba") actor = &src;
  }
  ASSERT_NE(actor, nullptr);
  ASSERT_EQ(actor->trigger, LoadTrigger::Symbols);
  ASSERT_TRUE(load_embedded_namespace(symbol("batuta.core")).ok());
  int defined = 0;
  for (Var* v : namespace_vars(find_namespace(symbol("batuta.core")), true)) {
    Value file = get(var_meta(v), keyword("file"));
    if (!is_string(file) || string_view_of(file) != "batuta/actor.ba") continue;
    ++defined;
    std::string_view name = name_text(v->name);
    EXPECT_NE(std::find(actor->symbols.begin(), actor->symbols.end(), name), actor->symbols.end()) << name;
  }
  EXPECT_GT(defined, 10);
  for (std::string_view extra : {"receive", "receive-timeout"}) {
    EXPECT_NE(std::find(actor->symbols.begin(), actor->symbols.end(), extra), actor->symbols.end()) << extra;
  }
}

}  // namespace
}  // namespace batuta
