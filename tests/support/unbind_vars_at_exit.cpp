// Linked into every GoogleTest binary (CMakeLists.txt batuta_add_gtest):
// at exit every var is unbound, so LeakSanitizer, which cannot follow the
// NaN-boxed pointers vars hold, sees a clean heap after tests that booted
// the runtime and left its vars bound.
#include <gtest/gtest.h>

#include "query/store.h"
#include "vm/var.h"

namespace batuta {
namespace {

class UnbindVarsAtExit : public testing::Environment {
 public:
  void TearDown() override {
    query::Store::close();  // its query functions hold closures
    unbind_all_vars();
  }
};

[[maybe_unused]] testing::Environment* const kUnbindVarsAtExit =
    testing::AddGlobalTestEnvironment(new UnbindVarsAtExit);

}  // namespace
}  // namespace batuta
