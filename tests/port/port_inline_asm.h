/*
 * The library's assembly is built here as a host would build it
 * (<ebreak/port.h> under __ASSEMBLY__): with the two macros of the host's
 * inline header. This host keeps the address of the library's per-hart
 * data, and its lock depth, in its thread structure at tp.
 */
	.macro eb_port_cpu_data rd
	ld \rd, 16(tp)
	.endm

	.macro eb_port_lock_depth rd
	lw \rd, 24(tp)
	.endm
