/*
 * Test functions for the simulator, one per simulated instruction form,
 * taken and not taken. riscv_sim.c replaces the instruction
 * at each riscv_sim_<form>_site with an ebreak and simulates the original
 * bits in the breakpoint hook. Every path a wrong next pc could take runs
 * into unimp, which ends the run with an illegal-instruction panic; the
 * right path returns a value the C side checks (1, or a link/auipc value).
 *
 * norelax: the assembler must emit each instruction exactly as written,
 * at the place written. norvc in the 32-bit forms: no instruction there
 * may be turned into its compressed form (beq x0 into c.beqz).
 */
	.text
	.option norelax

.macro FUNC name
	.balign 4
	.globl riscv_sim_\name
riscv_sim_\name:
.endm

.macro SITE name
	.globl riscv_sim_\name\()_site
riscv_sim_\name\()_site:
.endm

	.option push
	.option norvc

/* auipc: a0 = site + imm (checked in C); rd = x0 writes nothing. */
FUNC auipc_pos
SITE auipc_pos
	auipc a0, 0x12345
	ret
	unimp

FUNC auipc_neg
SITE auipc_neg
	auipc a0, 0xfffff		/* -4096 */
	ret
	unimp

FUNC auipc_x0
	li a0, 1
SITE auipc_x0
	auipc x0, 1
	ret
	unimp

/* jal: forward with link (returns the link), backward without. */
FUNC jal_link
	mv t2, ra
SITE jal_link
	jal ra, 1f
	unimp
	unimp
1:	mv a0, ra
	mv ra, t2
	ret

FUNC jal_back
	j 2f
	unimp
1:	li a0, 1
	ret
	unimp
2:
SITE jal_back
	jal x0, 1b
	unimp

/* jalr: the target (t0 + 8 = 1f + 1) has bit 0 set, which is cleared. */
FUNC jalr_link
	mv t2, ra
	la t0, 1f
	addi t0, t0, -7
SITE jalr_link
	jalr ra, 8(t0)
	unimp
	unimp
1:	mv a0, ra
	mv ra, t2
	ret

/* jalr with rd == rs1: the target comes from rs1 before the link. */
FUNC jalr_rd_rs1
	la t0, 1f
SITE jalr_rd_rs1
	jalr t0, 0(t0)
	unimp
	unimp
1:	mv a0, t0
	ret

/*
 * bCC t0, t1 with t0 = a, t1 = b. Taken branches go forward (fwd = 1) or
 * backward; not-taken ones fall through. Returns 1 on the right path.
 */
.macro BRANCH name, op, a, b, taken, fwd
FUNC \name
	li t0, \a
	li t1, \b
	.if \fwd
SITE \name
	\op t0, t1, 2f
	.else
	j 3f
	unimp
2:
	.if \taken
	li a0, 1			/* taken backward: here */
	ret
	.endif
	unimp
3:
SITE \name
	\op t0, t1, 2b
	.endif
	.if \taken
	unimp				/* a taken branch must not fall through */
	unimp
	.else
	li a0, 1
	ret
	.endif
	unimp
	.if \fwd
2:
	.if \taken
	li a0, 1
	ret
	.endif
	unimp
	.endif
.endm

	BRANCH beq_taken, beq, 5, 5, 1, 1
	BRANCH beq_not, beq, 5, 6, 0, 1
	BRANCH bne_taken, bne, 5, 6, 1, 0
	BRANCH bne_not, bne, 5, 5, 0, 0
	BRANCH blt_taken, blt, -1, 1, 1, 0	/* signed */
	BRANCH blt_not, blt, 1, -1, 0, 1
	BRANCH bge_taken, bge, -1, -2, 1, 1
	BRANCH bge_not, bge, -2, -1, 0, 0
	BRANCH bltu_taken, bltu, 1, -1, 1, 1	/* unsigned */
	BRANCH bltu_not, bltu, -1, 1, 0, 0
	BRANCH bgeu_taken, bgeu, -1, 1, 1, 0
	BRANCH bgeu_not, bgeu, 1, -1, 0, 1

	.option pop

/* Compressed forms. */
FUNC c_j_fwd
SITE c_j_fwd
	c.j 1f
	c.unimp
	c.unimp
1:	li a0, 1
	ret

FUNC c_j_back
	j 2f
	c.unimp
1:	li a0, 1
	ret
	c.unimp
2:
SITE c_j_back
	c.j 1b
	c.unimp

/* c.jr: the target 1f + 1 has bit 0 set, which is cleared. */
FUNC c_jr
	la t0, 1f
	addi t0, t0, 1
SITE c_jr
	c.jr t0
	c.unimp
	c.unimp
1:	li a0, 1
	ret

/* c.jalr: returns the link, site + 2. */
FUNC c_jalr
	mv t2, ra
	la t0, 1f
SITE c_jalr
	c.jalr t0
	c.unimp
	c.unimp
1:	mv a0, ra
	mv ra, t2
	ret

/* c.jalr ra: the target is ra's old value. */
FUNC c_jalr_ra
	mv t2, ra
	la ra, 1f
SITE c_jalr_ra
	c.jalr ra
	c.unimp
	c.unimp
1:	mv a0, ra
	mv ra, t2
	ret

.macro CBRANCH name, op, v, taken
FUNC \name
	li a1, \v
SITE \name
	\op a1, 2f
	.if \taken
	c.unimp
	c.unimp
	.else
	li a0, 1
	ret
	.endif
	c.unimp
2:
	.if \taken
	li a0, 1
	ret
	.endif
	c.unimp
.endm

	CBRANCH c_beqz_taken, c.beqz, 0, 1
	CBRANCH c_beqz_not, c.beqz, 3, 0
	CBRANCH c_bnez_taken, c.bnez, -3, 1
	CBRANCH c_bnez_not, c.bnez, 0, 0
