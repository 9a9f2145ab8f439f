/*
 * void sim_target(void): sim_calls++, an instruction of each kind a
 * probe runs differently: auipc at its start is simulated, the lw at
 * sim_target_load and the sw at sim_target_store run from a slot that
 * jumps back, the addiw at sim_target_step from one that traps back.
 */
	.text
	.globl sim_target, sim_target_load, sim_target_step, sim_target_store
	.type sim_target, @function
sim_target:
1:	auipc t0, %pcrel_hi(sim_calls)
sim_target_load:
	lw t1, %pcrel_lo(1b)(t0)
sim_target_step:
	addiw t1, t1, 1
sim_target_store:
	sw t1, %pcrel_lo(1b)(t0)
	ret
	.size sim_target, . - sim_target

	.bss
	.balign 4
	.globl sim_calls
sim_calls:
	.word 0
