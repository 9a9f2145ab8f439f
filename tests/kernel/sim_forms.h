/*
 * The simulator's test functions (riscv_sim_asm.S), one per simulated
 * instruction form, taken and not taken: the table both the simulator's
 * suite (riscv_sim.c) and the kprobes suite (kprobe_test.c) run.
 */
#ifndef TESTS_KERNEL_SIM_FORMS_H
#define TESTS_KERNEL_SIM_FORMS_H

struct sim_form {
	const char *name;
	const char *insn;	/* the simulated instruction at the site */
	unsigned long (*fn)(void);
	char *site;		/* address of that instruction */
	int kind;
	long v;
};

extern const struct sim_form sim_forms[];
extern const unsigned sim_nforms;

/* What f's function returns when the simulation is right. */
unsigned long sim_form_result(const struct sim_form *f);

#endif
