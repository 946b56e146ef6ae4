// codegen.h: the aot layer's code generator, bytecode to C++ (see
// vm/native_code.h for how the generated code is found and run).
#pragma once

#include <span>
#include <string>

#include "vm/function.h"

namespace batuta::aot {

// One C++ translation unit holding a function per distinct bytecode among
// `protos` and every proto they hold (nested fns, overloads), and the table
//   extern "C" const batuta::NativeCodeEntry batuta_native_code[];
//   extern "C" const size_t batuta_native_code_count;
// that the compiled program passes to install_native_code.
std::string generate_native_code(std::span<const Proto* const> protos);

}  // namespace batuta::aot
