/*
 * void sim_target(void): sim_calls++. Its first instruction, auipc, is
 * one a probe simulates; the addiw at sim_target_step one that runs from
 * a slot.
 */
	.text
	.globl sim_target, sim_target_step
	.type sim_target, @function
sim_target:
1:	auipc t0, %pcrel_hi(sim_calls)
	lw t1, %pcrel_lo(1b)(t0)
sim_target_step:
	addiw t1, t1, 1
	sw t1, %pcrel_lo(1b)(t0)
	ret
	.size sim_target, . - sim_target

	.bss
	.balign 4
	.globl sim_calls
sim_calls:
	.word 0
