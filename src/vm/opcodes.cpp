// opcodes.cpp: the opcode tables and the disassembler, from opcodes.def.
#include "vm/opcodes.h"

#include <cstdio>

#include "core/printer.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta {

const char* const kOpNames[kOpCount] = {
#define BATUTA_OPCODE(name, format) #name,
#include "vm/opcodes.def"
#undef BATUTA_OPCODE
};

const OperandFormat kOpFormats[kOpCount] = {
#define BATUTA_OPCODE(name, format) OperandFormat::format,
#include "vm/opcodes.def"
#undef BATUTA_OPCODE
};

namespace {

std::string describe_constant(const Value& k) {
  if (is_var(k)) return "#'" + var_full_name(object_as<const Var>(k));
  return pr_str_abbreviated(k, 40);
}

void disassemble_into(const Proto& p, std::string& out) {
  out += "proto " + p.name + " (" + p.file + ") params=" + std::to_string(p.num_params) +
         (p.variadic ? "+rest" : "") + " registers=" + std::to_string(p.num_registers) +
         " captures=" + std::to_string(p.captures.size()) + "\n";
  for (size_t i = 0; i < p.code.size(); ++i) {
    Instruction ins = p.code[i];
    Op op = op_of(ins);
    char head[64];
    SourcePos pos = i < p.positions.size() ? p.positions[i] : SourcePos{};
    std::snprintf(head, sizeof head, "%4zu  %4u:%-3u  %-10s", i, pos.line, pos.column,
                  static_cast<size_t>(op) < kOpCount ? op_name(op) : "???");
    std::string line = head;
    if (static_cast<size_t>(op) >= kOpCount) {
      out += line + "\n";
      continue;
    }
    std::string comment;
    switch (op_format(op)) {
      case OperandFormat::A:
        line += std::to_string(arg_a(ins));
        break;
      case OperandFormat::AB:
        line += std::to_string(arg_a(ins)) + " " + std::to_string(arg_b(ins));
        break;
      case OperandFormat::ABC:
        line += std::to_string(arg_a(ins)) + " " + std::to_string(arg_b(ins)) + " " + std::to_string(arg_c(ins));
        if ((op == Op::CallVar || op == Op::TailCallVar) && arg_c(ins) < p.constants.size())
          comment = describe_constant(p.constants[arg_c(ins)]);
        break;
      case OperandFormat::ABx:
        line += std::to_string(arg_a(ins)) + " " + std::to_string(arg_bx(ins));
        if (op != Op::Closure && op != Op::ClosureShared && arg_bx(ins) < p.constants.size()) comment = describe_constant(p.constants[arg_bx(ins)]);
        if (op == Op::Closure && arg_bx(ins) < p.constants.size()) comment = pr_str(p.constants[arg_bx(ins)]);
        break;
      case OperandFormat::AsBx:
        line += std::to_string(arg_a(ins)) + " " + std::to_string(arg_sbx(ins));
        comment = "to " + std::to_string(static_cast<int64_t>(i) + 1 + arg_sbx(ins));
        break;
      case OperandFormat::sBx:
        line += std::to_string(arg_sbx(ins));
        comment = "to " + std::to_string(static_cast<int64_t>(i) + 1 + arg_sbx(ins));
        break;
    }
    if (!comment.empty()) {
      if (line.size() < 36) line.resize(36, ' ');
      line += " ; " + comment;
    }
    out += line + "\n";
  }
  for (const Value& k : p.constants)
    if (is_proto(k)) disassemble_into(*object_as<const Proto>(k), out);
}

}  // namespace

std::string disassemble(const Proto& proto) {
  std::string out;
  disassemble_into(proto, out);
  return out;
}

}  // namespace batuta
