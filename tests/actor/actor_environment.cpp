// At exit the actor runtime is shut down (every actor freed) and every var
// unbound, so LeakSanitizer, which cannot follow the NaN-boxed pointers
// immortal vars hold, sees a clean heap: what remains is a real leak.
#include <gtest/gtest.h>

#include "actor/runtime.h"
#include "vm/var.h"

namespace batuta {
namespace {

class ActorEnvironment : public testing::Environment {
 public:
  void TearDown() override {
    actor::shutdown_runtime();
    unbind_all_vars();
  }
};

[[maybe_unused]] testing::Environment* const kActorEnvironment =
    testing::AddGlobalTestEnvironment(new ActorEnvironment);

}  // namespace
}  // namespace batuta
