# eBPF programs embedded in the kernel image: the examples here and any a
# user names, with no edit to the repository:
#	make run BPF="path/to/prog.bpf.c another.bpf.c"
# Each is built by clang as a user builds it (<ebreak/vmlinux.h>, libbpf's
# headers) and loaded by name at the kernel shell (`bpf load NAME`, NAME
# the file's name without .bpf.c). A generated table (bpf_embedded,
# kernel/trace/bpf_cmd.c) lists them.
# (and test objects: count's sections name a symbol the kernel does not
# have, noprobe's one it never probes, anyfunc's libbpf's SEC("kprobe")
# and SEC("tp/...") names: tests/kernel/bpf_shell-check.sh;
# core and bad_core relocate against the kernel's BTF:
# tests/kernel/bpf_core_test.c; tailcall's programs tail-call each other,
# tailmix's from subprograms: tests/kernel/bpf_tail_call_test.c; split's,
# in three by tail calls,
# read user memory, dispatch's by syscall number: tests/kernel/
# bpf_shell-check.sh; mapofmaps's maps of maps: tests/kernel/
# bpf_map_in_map_test.c and bpf_shell-check.sh; helpers calls the tracing
# helpers and task_btf: tests/kernel/bpf_helpers_test.c; fentry's fentry and fexit
# programs, bad_fentry's store through a pointer argument, fentry_deref's
# loads through them, fentry_stack's stack helpers:
# tests/kernel/bpf_fentry_test.c; loop, bad_loop_ret and bad_loop_ctx's
# bpf_loop: tests/kernel/bpf_loop_test.c; raw_tp and bad_raw_tp's raw
# tracepoint programs: tests/kernel/bpf_raw_tp_test.c; globals's .rodata knobs set at
# load, slots's libbpf-tools idioms and keyed_stacks's struct keys
# holding stack ids: tests/kernel/bpf_shell-check.sh; multi's kprobe.multi
# and kretprobe.multi programs: tests/kernel/bpf_kprobe_multi_test.c;
# perf_event's sampling program: tests/kernel/bpf_perf_event_test.c;
# fmod_ret's fmod_ret and fexit programs: tests/kernel/bpf_inject_test.c)
BPF_EMBED_SRCS := $(sort $(wildcard examples/bpf/*.bpf.c)) \
	tests/bpf/count.bpf.c tests/bpf/noprobe.bpf.c tests/bpf/core.bpf.c \
	tests/bpf/bad_core.bpf.c tests/bpf/anyfunc.bpf.c tests/bpf/tailcall.bpf.c \
	tests/bpf/tailmix.bpf.c tests/bpf/split.bpf.c tests/bpf/dispatch.bpf.c \
	tests/bpf/mapofmaps.bpf.c tests/bpf/helpers.bpf.c tests/bpf/fentry.bpf.c \
	tests/bpf/bad_fentry.bpf.c tests/bpf/fentry_deref.bpf.c \
	tests/bpf/fentry_stack.bpf.c tests/bpf/loop.bpf.c \
	tests/bpf/bad_loop_ret.bpf.c tests/bpf/bad_loop_ctx.bpf.c \
	tests/bpf/globals.bpf.c tests/bpf/slots.bpf.c tests/bpf/raw_tp.bpf.c \
	tests/bpf/bad_raw_tp.bpf.c tests/bpf/task_btf.bpf.c \
	tests/bpf/keyed_stacks.bpf.c tests/bpf/multi.bpf.c \
	tests/bpf/perf_event.bpf.c tests/bpf/fmod_ret.bpf.c $(BPF)
# Objects are loaded by name: two files of one name would be one object.
BPF_EMBED_NAMES := $(notdir $(BPF_EMBED_SRCS:.bpf.c=))
BPF_EMBED_CLASHES := $(strip $(foreach n,$(sort $(BPF_EMBED_NAMES)),$(if $(word 2,\
	$(filter $(n),$(BPF_EMBED_NAMES))),$(n))))
ifneq ($(BPF_EMBED_CLASHES),)
$(error BPF: objects are loaded by name, and these files share one: $(strip $(foreach \
	s,$(BPF_EMBED_SRCS),$(if $(filter $(BPF_EMBED_CLASHES),$(notdir \
	$(s:.bpf.c=))),$(s)))) (rename yours))
endif
BPF_EMBED_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_riscv -Wall \
	-Ilib/include
bpf_embed_obj = $(BUILD)/bpf-embed/$(notdir $(1:.bpf.c=.bpf.o))
# Warnings fail the repository's own programs, not a user's (BPF=): theirs
# are built as the documented clang line builds them, warnings printed.
bpf_embed_werror = $(if $(filter $(1),$(BPF)),,-Werror)

define bpf_embed_rule
$(call bpf_embed_obj,$(1)): $(1) lib/include/ebreak/vmlinux.h \
	lib/include/ebreak/async_event.h $(wildcard $(dir $(1))*.h)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)clang $(BPF_EMBED_CFLAGS) $(call bpf_embed_werror,$(1)) -c -o $$@ $$<
endef
$(foreach s,$(BPF_EMBED_SRCS),$(eval $(call bpf_embed_rule,$(s))))
BPF_EMBED_OBJS := $(foreach s,$(BPF_EMBED_SRCS),$(call bpf_embed_obj,$(s)))

# The list is rewritten only when it changes, so naming other programs
# rebuilds the table and nothing else.
$(BUILD)/bpf-embed/list: FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "$(BPF_EMBED_OBJS)" | cmp -s - $@ || echo "$(BPF_EMBED_OBJS)" > $@

# { name, start, end } per object, then a zero entry.
$(BUILD)/bpf-embed/objects.S: $(BUILD)/bpf-embed/list examples/bpf/module.mk
	$(Q){ printf '\t.section .rodata\n\t.balign 8\n\t.globl bpf_embedded\nbpf_embedded:\n'; \
	i=0; for o in $(BPF_EMBED_OBJS); do \
		printf '\t.dword bname_%d, bstart_%d, bend_%d\n' $$i $$i $$i; i=$$((i+1)); done; \
	printf '\t.dword 0, 0, 0\n'; \
	i=0; for o in $(BPF_EMBED_OBJS); do n=$$(basename $$o .bpf.o); \
		printf 'bname_%d:\t.asciz "%s"\n\t.balign 8\nbstart_%d:\t.incbin "%s"\nbend_%d:\n' \
			$$i $$n $$i $$o $$i; i=$$((i+1)); done; } > $@

KERNEL_SRCS += $(BUILD)/bpf-embed/objects.S
$(BUILD)/kernel/$(BUILD)/bpf-embed/objects.o: $(BPF_EMBED_OBJS)
.PHONY: FORCE
