# The library's sources and include paths, as plain make assignments a
# host kernel's build can include as is (docs/PORTING.md, step 1); the
# reference build includes it too. Paths are from EB_DIR, ebreak's top
# folder with a trailing slash (empty when building from it).
ARCH ?= riscv
EB_DIR ?=

# Portable: built for a kernel and for a host (the host tests).
EB_LIB_SRCS := \
	$(EB_DIR)lib/core/fmt.c \
	$(EB_DIR)lib/core/glob.c \
	$(EB_DIR)lib/core/error_injection.c \
	$(EB_DIR)lib/core/event_filter.c \
	$(EB_DIR)lib/core/grace_period.c \
	$(EB_DIR)lib/core/trace_ring.c \
	$(EB_DIR)lib/core/eh_frame.c \
	$(EB_DIR)lib/core/cfa_program.c \
	$(EB_DIR)lib/core/unwind_tables.c \
	$(EB_DIR)lib/arch/$(ARCH)/decode.c \
	$(EB_DIR)lib/arch/$(ARCH)/simulate.c \
	$(EB_DIR)lib/arch/$(ARCH)/bpf_jit.c \
	$(EB_DIR)lib/arch/$(ARCH)/bpf_jit_emit.c \
	$(EB_DIR)lib/arch/$(ARCH)/bpf_jit_insn.c \
	$(EB_DIR)lib/arch/$(ARCH)/bpf_jit_check.c \
	$(EB_DIR)lib/arch/$(ARCH)/bpf_jit_unwind.c \
	$(EB_DIR)lib/bpf/disasm.c \
	$(EB_DIR)lib/bpf/asm.c \
	$(EB_DIR)lib/bpf/map.c \
	$(EB_DIR)lib/bpf/hashtab.c \
	$(EB_DIR)lib/bpf/map_in_map.c \
	$(EB_DIR)lib/bpf/prog_array.c \
	$(EB_DIR)lib/bpf/helpers.c \
	$(EB_DIR)lib/bpf/names.c \
	$(EB_DIR)lib/bpf/callback.c \
	$(EB_DIR)lib/bpf/prog.c \
	$(EB_DIR)lib/bpf/load.c \
	$(EB_DIR)lib/bpf/predecode.c \
	$(EB_DIR)lib/bpf/interp.c \
	$(EB_DIR)lib/bpf/attach.c \
	$(EB_DIR)lib/bpf/helpers_trace.c \
	$(EB_DIR)lib/bpf/func_args.c \
	$(EB_DIR)lib/bpf/func_model.c \
	$(EB_DIR)lib/bpf/stackmap.c \
	$(EB_DIR)lib/bpf/ringbuf.c \
	$(EB_DIR)lib/bpf/perf_event_array.c \
	$(EB_DIR)lib/bpf/cgroup_array.c \
	$(EB_DIR)lib/bpf/btf.c \
	$(EB_DIR)lib/bpf/btf_ext.c \
	$(EB_DIR)lib/bpf/btf_format.c \
	$(EB_DIR)lib/bpf/relo_core.c \
	$(EB_DIR)lib/bpf/relo_core_patch.c \
	$(EB_DIR)lib/bpf/object.c \
	$(EB_DIR)lib/bpf/object_elf.c \
	$(EB_DIR)lib/bpf/object_progs.c \
	$(EB_DIR)lib/bpf/object_maps.c \
	$(EB_DIR)lib/bpf/object_slots.c \
	$(EB_DIR)lib/bpf/object_core.c \
	$(EB_DIR)lib/bpf/object_link.c \
	$(EB_DIR)lib/bpf/verifier.c \
	$(EB_DIR)lib/bpf/verifier_structure.c \
	$(EB_DIR)lib/bpf/verifier_tnum.c \
	$(EB_DIR)lib/bpf/verifier_scalar.c \
	$(EB_DIR)lib/bpf/verifier_alu.c \
	$(EB_DIR)lib/bpf/verifier_branch.c \
	$(EB_DIR)lib/bpf/verifier_mem.c \
	$(EB_DIR)lib/bpf/verifier_call.c \
	$(EB_DIR)lib/bpf/verifier_state.c \
	$(EB_DIR)lib/bpf/verifier_ref.c \
	$(EB_DIR)lib/bpf/verifier_btf.c \
	$(EB_DIR)lib/bpf/probe_mem.c \
	$(EB_DIR)lib/bpf/verifier_stack.c \
	$(EB_DIR)lib/async/call_table.c

# Kernel-only: kprobes, kretprobes and kprobe_events need the host's
# never-probed section, slot area and trap entry (.S files are assembled
# with -D__ASSEMBLY__).
EB_LIB_KERNEL_SRCS := \
	$(EB_DIR)lib/core/kprobes.c \
	$(EB_DIR)lib/core/kprobe_table.c \
	$(EB_DIR)lib/core/kprobe_slots.c \
	$(EB_DIR)lib/core/kprobe_bpf.c \
	$(EB_DIR)lib/core/kprobe_multi_bpf.c \
	$(EB_DIR)lib/core/fentry_bpf.c \
	$(EB_DIR)lib/core/perf_event_bpf.c \
	$(EB_DIR)lib/core/bpf_stack.c \
	$(EB_DIR)lib/core/kretprobes.c \
	$(EB_DIR)lib/core/kprobe_events.c \
	$(EB_DIR)lib/core/kprobe_error_log.c \
	$(EB_DIR)lib/core/fetch_args.c \
	$(EB_DIR)lib/core/fetch_print.c \
	$(EB_DIR)lib/core/fetch_btf.c \
	$(EB_DIR)lib/core/trace_event.c \
	$(EB_DIR)lib/core/event_hist.c \
	$(EB_DIR)lib/core/event_hist_show.c \
	$(EB_DIR)lib/core/trace_pid.c \
	$(EB_DIR)lib/core/guard.c \
	$(EB_DIR)lib/core/cfi_unwind.c \
	$(EB_DIR)lib/async/async_probe.c \
	$(EB_DIR)lib/async/poll_type.c \
	$(EB_DIR)lib/async/async_backtrace.c \
	$(EB_DIR)lib/async/async_format.c \
	$(EB_DIR)lib/async/async_probe_bpf.c \
	$(EB_DIR)lib/core/ftrace.c \
	$(EB_DIR)lib/core/ftrace_ops.c \
	$(EB_DIR)lib/core/ftrace_function.c \
	$(EB_DIR)lib/core/ftrace_graph.c \
	$(EB_DIR)lib/core/ftrace_graph_filter.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobes_arch.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_trap.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_ftrace.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_direct.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_direct_trampoline.S \
	$(EB_DIR)lib/arch/$(ARCH)/ftrace_arch.c \
	$(EB_DIR)lib/arch/$(ARCH)/ftrace_caller.S \
	$(EB_DIR)lib/arch/$(ARCH)/ftrace_return.S \
	$(EB_DIR)lib/arch/$(ARCH)/unwind.c \
	$(EB_DIR)lib/arch/$(ARCH)/kretprobe_trampoline.S \
	$(EB_DIR)lib/arch/$(ARCH)/guarded_call.S \
	$(EB_DIR)lib/arch/$(ARCH)/async_follow.S

# Every library object's include paths: the public headers, the library's
# own, and the arch's (the core includes "kprobes_arch.h", not a path
# naming the arch). Nothing of the host's.
EB_LIB_INCLUDES := -I$(EB_DIR)lib/include -I$(EB_DIR)lib \
	-I$(EB_DIR)lib/arch/$(ARCH)

# Objects on every probe hit, built without a frame pointer (BENCHMARKS.md
# assumes it): the simulators are leaves; the hit paths keep s0 untouched
# too (-ffixed-s0), so it still links the probed code's frames for a
# backtrace taken in a handler, and make their tail calls
# (-foptimize-sibling-calls: the async probes' halves call handlers last
# and so keep no frame).
EB_LIB_NOFP_SRCS := $(EB_DIR)lib/arch/$(ARCH)/simulate.c
EB_LIB_FIXED_S0_SRCS := $(EB_DIR)lib/arch/$(ARCH)/kprobe_trap.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_ftrace.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_direct.c \
	$(EB_DIR)lib/arch/$(ARCH)/kprobe_direct_trampoline.S \
	$(EB_DIR)lib/core/kretprobes.c $(EB_DIR)lib/async/async_probe.c
