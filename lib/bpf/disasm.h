/* Disassembler: one instruction to the assembler's syntax (asm.h). */
#ifndef EBREAK_BPF_DISASM_H
#define EBREAK_BPF_DISASM_H
#include <stddef.h>
#include <ebreak/bpf_insn.h>

/*
 * Writes the textual form of insns[idx] (of len slots) to buf, e.g.
 * "jne %r1, 0, +3" or "lddw %r0, 0x1" (lddw reads two slots). Returns the
 * number of slots consumed (1 or 2), or -EINVAL for an encoding that is
 * not a valid instruction (unknown opcode, a field the opcode does not
 * use set, lddw without its second slot); buf then holds a description
 * like "invalid opcode 0x8f" or "reserved field src_reg is 1, not 0".
 * This is the library's one check of instruction encodings (the
 * verifier and the interpreter's decoder both rely on it). Any context.
 */
int bpf_disasm_insn(const struct bpf_insn *insns, size_t idx, size_t len,
		    char *buf, size_t size);

/* Mnemonics shared with the assembler: ALU and JMP operations by
 * BPF_OP(code) >> 4 (NULL: none), memory sizes by BPF_SIZE(code) >> 3. */
extern const char *const bpf_alu_names[16];
extern const char *const bpf_jmp_names[16];
extern const char *const bpf_size_names[4];

#endif
