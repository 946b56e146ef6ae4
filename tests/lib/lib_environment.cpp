// The natives are installed once for the whole test binary; at exit every
// var is unbound so LeakSanitizer, which cannot follow the NaN-boxed
// pointers immortal vars hold, sees a clean heap.
#include <gtest/gtest.h>

#include "lib/natives.h"
#include "vm/var.h"

namespace batuta {
namespace {

class NativesEnvironment : public testing::Environment {
 public:
  void SetUp() override { install_natives(); }
  void TearDown() override { unbind_all_vars(); }
};

[[maybe_unused]] testing::Environment* const kNativesEnvironment =
    testing::AddGlobalTestEnvironment(new NativesEnvironment);

}  // namespace
}  // namespace batuta
