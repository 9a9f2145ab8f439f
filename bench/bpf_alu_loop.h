/* The simple ALU-and-branch loop uBPF's interpreter figure is for, in the
 * assembler's syntax: n iterations of five instructions. Shared by the
 * host benchmark (bpf-interp.c) and the in-kernel one (bpf-kbench.c). */
#ifndef BENCH_BPF_ALU_LOOP_H
#define BENCH_BPF_ALU_LOOP_H

#define BPF_ALU_LOOP_STR_(x) #x
#define BPF_ALU_LOOP_STR(x) BPF_ALU_LOOP_STR_(x)	/* n may be a macro */
#define BPF_ALU_LOOP(n)							\
	"mov %r0, 0\n"							\
	"mov %r1, " BPF_ALU_LOOP_STR(n) "\n"				\
	"loop:\n"							\
	"add %r0, %r1\n"						\
	"xor %r0, 0x5a5a\n"						\
	"lsh %r0, 1\n"							\
	"sub %r1, 1\n"							\
	"jne %r1, 0, loop\n"						\
	"exit\n"

#endif
