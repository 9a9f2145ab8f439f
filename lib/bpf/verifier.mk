# The eBPF verifier (lib/bpf/verifier.h): portable, kernel and host.
LIB_SRCS += lib/bpf/verifier.c lib/bpf/verifier_structure.c \
	lib/bpf/verifier_tnum.c lib/bpf/verifier_scalar.c \
	lib/bpf/verifier_alu.c lib/bpf/verifier_branch.c \
	lib/bpf/verifier_mem.c lib/bpf/verifier_call.c \
	lib/bpf/verifier_state.c
