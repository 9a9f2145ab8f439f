# The eBPF VM core: encoding, assembler, disassembler, maps, helpers, the
# program object, loading and the interpreter. Portable: kernel and host.
# (The verifier adds itself in verifier.mk.)
LIB_SRCS += lib/bpf/disasm.c lib/bpf/asm.c lib/bpf/map.c lib/bpf/hashtab.c \
	lib/bpf/helpers.c lib/bpf/prog.c lib/bpf/load.c lib/bpf/interp.c

# Host tests: the conformance suite (read from ../shared) through
# assembler, verifier and interpreter, and the assembler round trip.
$(eval $(call host_suite,bpf-conformance,tests/host/bpf_conformance_test.c))
# The VM's unit tests (they also run build/host/tools/bpf-asm).
$(eval $(call host_suite,bpf-vm,tests/host/bpf_vm_test.c))
