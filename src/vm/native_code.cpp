// native_code.cpp: the installed table of native code, and the key that
// finds a proto's entry in it (see native_code.h).
#include "vm/native_code.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

#include "core/equality.h"

namespace batuta {

namespace {

// Sorted by hash. Written once by install_native_code, before the program
// is compiled (and before any thread that builds protos starts), then only
// read.
std::vector<NativeCodeEntry>& installed() {
  static auto* table = new std::vector<NativeCodeEntry>();  // never destroyed: protos may be built at exit
  return *table;
}

// Set by install_native_code (even with an empty table: a compiled
// program whose functions all stay interpreted still reports its count).
std::atomic<bool> g_counting{false};
std::atomic<size_t> g_protos_built{0};
std::atomic<size_t> g_protos_native{0};

bool same_bytecode(const NativeCodeEntry& e, const Proto& proto) {
  return e.code_size == proto.code.size() && e.num_registers == proto.num_registers &&
         std::memcmp(e.code, proto.code.data(), proto.code.size() * sizeof(Instruction)) == 0;
}

bool constants_hold(const NativeCodeEntry& e, const Proto& proto) {
  for (uint16_t i = 0; i < e.constant_count; ++i) {
    const NativeConstant& c = e.constants[i];
    if (c.index >= proto.constants.size()) return false;
    const Value& k = proto.constants[c.index];
    if (c.word != 0 ? k.bits() != c.word : !is_word_constant(k)) return false;
  }
  return true;
}

}  // namespace

uint64_t bytecode_hash(const Proto& proto) {
  // What the generated code depends on: the instruction words (opcodes,
  // registers, constant indexes, jump offsets: the generated code has them
  // as immediates), their count, and the frame's register count. The opcode
  // count keeps a table made for another opcode numbering from matching.
  // Constants are not part of the key: the code reads most from the frame
  // at run time, and the entry lists the ones it relies on
  // (NativeConstant), checked once a hash matches.
  uint64_t h = mix_hash(0x6261747574612D61ull ^ kOpCount);
  h = mix_hash(h ^ proto.code.size());
  for (Instruction i : proto.code) h = mix_hash(h ^ i);
  h = mix_hash(h ^ proto.num_registers);
  return h;
}

void install_native_code(std::span<const NativeCodeEntry> table) {
  std::vector<NativeCodeEntry>& t = installed();
  t.assign(table.begin(), table.end());
  // Stable: entries of one hash keep the generator's order, so which one a
  // proto gets does not depend on the sort.
  std::stable_sort(t.begin(), t.end(),
                   [](const NativeCodeEntry& a, const NativeCodeEntry& b) { return a.bytecode_hash < b.bytecode_hash; });
  g_protos_built.store(0, std::memory_order_relaxed);
  g_protos_native.store(0, std::memory_order_relaxed);
  g_counting.store(true, std::memory_order_relaxed);
}

bool native_code_installed() { return !installed().empty(); }

NativeCodeStats native_code_stats() {
  return NativeCodeStats{g_protos_built.load(std::memory_order_relaxed),
                         g_protos_native.load(std::memory_order_relaxed)};
}

void attach_native_code(Proto& proto) {
  if (!g_counting.load(std::memory_order_relaxed)) return;  // `batuta run`: nothing to do
  g_protos_built.fetch_add(1, std::memory_order_relaxed);
  const std::vector<NativeCodeEntry>& t = installed();
  if (t.empty()) return;
  uint64_t h = bytecode_hash(proto);
  auto it = std::lower_bound(t.begin(), t.end(), h,
                             [](const NativeCodeEntry& e, uint64_t key) { return e.bytecode_hash < key; });
  // A collision, or constants other than the code relies on: stays interpreted.
  for (; it != t.end() && it->bytecode_hash == h; ++it) {
    if (!same_bytecode(*it, proto) || !constants_hold(*it, proto)) continue;
    proto.native_code = it->entry;
    g_protos_native.fetch_add(1, std::memory_order_relaxed);
    return;
  }
}

}  // namespace batuta
