/*
 * Assembler for the textual eBPF syntax of the bpf_conformance suite:
 *
 *   mov %r0, 1          add32 %r1, %r2        lddw %r0, 0x1122334455667788
 *   ldxw %r0, [%r1+4]   stxdw [%r10-8], %r1   stb [%r10-1], 0x80
 *   jne %r1, 0, label   ja +2                 ja32 label
 *   call 1              call local f          call %r2
 *   call bpf_map_lookup_elem (a helper by Linux's name)
 *   lock fetch add [%r10-8], %r1              be16 %r0   movsx832 %r0, %r1
 *   label:              # comment             exit
 *
 * `exit` doubles as a label for the first exit instruction, as in the
 * suite. bpf_disasm_insn (disasm.h) writes the same syntax back, with
 * numeric targets, and helpers by name (call bpf_map_lookup_elem#1).
 */
#ifndef EBREAK_BPF_ASM_H
#define EBREAK_BPF_ASM_H
#include <stddef.h>
#include <ebreak/bpf_insn.h>

/*
 * Assembles text into *out (eb_port_alloc'd, caller frees with
 * eb_port_free), *len slots. Returns 0, or -EINVAL (-ENOMEM) with a
 * message in err naming the line and what is wrong with it. A text with
 * no instruction is an error. Not in trap context.
 */
int bpf_asm(const char *text, struct bpf_insn **out, size_t *len, char *err,
	    size_t errsize);

#endif
