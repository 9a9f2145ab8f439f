/*
 * Trap round trip: load a distinct pattern into every register the
 * kernel lets code change (all but sp and tp, which the trap path needs),
 * take a breakpoint, and record what every register holds afterwards.
 *
 * void trap_roundtrip_asm(unsigned long after[32], int compressed)
 * after[n] = xN after the trap (after[0], sp and tp slots unused).
 */
#define PAT(n) (0x5a5a000000000000 + ((n) << 32) + (n))

	.text
	.globl trap_roundtrip_asm
trap_roundtrip_asm:
	addi sp, sp, -384
	sd ra, 0(sp)
	sd gp, 8(sp)
	sd s0, 16(sp)
	sd s1, 24(sp)
	sd s2, 32(sp)
	sd s3, 40(sp)
	sd s4, 48(sp)
	sd s5, 56(sp)
	sd s6, 64(sp)
	sd s7, 72(sp)
	sd s8, 80(sp)
	sd s9, 88(sp)
	sd s10, 96(sp)
	sd s11, 104(sp)
	sd a0, 112(sp)
	sd a1, 120(sp)
	.irp n, 1,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li x\n, PAT(\n)
	.endr
	ld x31, 120(sp)		/* which ebreak: a1 from the stack */
	bnez x31, 1f
	li x31, PAT(31)
	.globl trap_roundtrip_ebreak
trap_roundtrip_ebreak:
	.option push
	.option norvc		/* the assembler would emit c.ebreak */
	ebreak
	.option pop
	j 2f
1:	li x31, PAT(31)
	.globl trap_roundtrip_cebreak
trap_roundtrip_cebreak:
	c.ebreak
2:	.irp n, 1,3,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd x\n, (128 + 8 * \n)(sp)
	.endr
	ld a0, 112(sp)
	li t0, 0
3:	add t1, sp, t0
	ld t2, 128(t1)
	add t1, a0, t0
	sd t2, 0(t1)
	addi t0, t0, 8
	li t1, 256
	bltu t0, t1, 3b
	ld ra, 0(sp)
	ld gp, 8(sp)
	ld s0, 16(sp)
	ld s1, 24(sp)
	ld s2, 32(sp)
	ld s3, 40(sp)
	ld s4, 48(sp)
	ld s5, 56(sp)
	ld s6, 64(sp)
	ld s7, 72(sp)
	ld s8, 80(sp)
	ld s9, 88(sp)
	ld s10, 96(sp)
	ld s11, 104(sp)
	addi sp, sp, 384
	ret
