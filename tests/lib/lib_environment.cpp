// The natives are installed once for the whole test binary (the vars are
// unbound at exit by tests/support/unbind_vars_at_exit.cpp).
#include <gtest/gtest.h>

#include "lib/natives.h"
#include "vm/var.h"

namespace batuta {
namespace {

class NativesEnvironment : public testing::Environment {
 public:
  void SetUp() override { install_natives(); }
};

[[maybe_unused]] testing::Environment* const kNativesEnvironment =
    testing::AddGlobalTestEnvironment(new NativesEnvironment);

}  // namespace
}  // namespace batuta
