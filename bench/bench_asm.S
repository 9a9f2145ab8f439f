/*
 * Measurement loops for the in-kernel benchmarks. Each returns the
 * instructions retired by n iterations (rdinstret: exact under QEMU's
 * -icount). A figure is (loop with the thing - empty loop) / n.
 */
	.text
/* uint64_t bench_loop_empty(long n) */
	.globl bench_loop_empty
bench_loop_empty:
	rdinstret t0
1:	addi a0, a0, -1
	bnez a0, 1b
	rdinstret a0
	sub a0, a0, t0
	ret

/* uint64_t bench_loop_call(void (*fn)(void), long n): n calls of fn. */
	.globl bench_loop_call
bench_loop_call:
	addi sp, sp, -48
	sd ra, 40(sp)
	sd s0, 32(sp)
	sd s1, 24(sp)
	sd s2, 16(sp)
	sd s3, 8(sp)
	addi s0, sp, 48
	mv s1, a0
	mv s2, a1
	rdinstret s3
1:	jalr s1
	addi s2, s2, -1
	bnez s2, 1b
	rdinstret a0
	sub a0, a0, s3
	ld ra, 40(sp)
	ld s0, 32(sp)
	ld s1, 24(sp)
	ld s2, 16(sp)
	ld s3, 8(sp)
	addi sp, sp, 48
	ret

/* uint64_t bench_loop_ebreak(long n): n ebreak traps. */
	.globl bench_loop_ebreak
bench_loop_ebreak:
	rdinstret t0
	.option push
	.option norvc		/* a 4-byte ebreak, as kprobes write */
1:	ebreak
	.option pop
	addi a0, a0, -1
	bnez a0, 1b
	rdinstret a1
	sub a0, a1, t0
	ret

/* A probe target whose first instruction is simulated: jal x0, ret. */
	.globl bench_sim_target
	.option push
	.option norvc
bench_sim_target:
	jal x0, 1f
1:	ret
	.option pop
