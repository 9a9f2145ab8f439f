/* What tests/bpf/core.bpf.c reads, in its global `results`: included by
 * it and by the tests that check it (tests/host/bpf_core_test.c,
 * tests/kernel/bpf_core_test.c), so the layout is written once. */
#ifndef TESTS_BPF_CORE_RESULTS_H
#define TESTS_BPF_CORE_RESULTS_H

struct core_results {
	unsigned long long arg0, pid, id, comm, ticks, pid_tgid, cpu;
	unsigned long long a1, a2, id_sub, id_sub2, mode;
	unsigned long long has_pid, has_missing, has_mode, missing;
	unsigned long long pid_signed, comm_size, ticks_offset;
	unsigned long long type_exists, no_type_exists, cpu_size;
	unsigned long long enum_value, enum_exists, enum_missing_exists;
	unsigned long long type_id_local, type_id_kernel;
	unsigned long long ctx_epc, ctx_a1;
};

#endif
