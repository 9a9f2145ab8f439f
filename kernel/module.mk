# The reference kernel: boots on QEMU virt under OpenSBI and hosts ebreak.
# Read last: the image links everything the other fragments added
# (library, in-kernel tests, benchmarks).
KERNEL_SRCS += kernel/entry.S kernel/main.c kernel/cpu.c kernel/spinlock.c \
	kernel/sbi.c kernel/uart.c kernel/printf.c kernel/string.c \
	kernel/fdt.c kernel/kalloc.c kernel/vm.c kernel/patch.c \
	kernel/execmem.c kernel/trap.c kernel/uaccess.S kernel/timer.c \
	kernel/plic.c kernel/smp.c kernel/kallsyms.c kernel/backtrace.c \
	kernel/shell.c kernel/decimal.c kernel/lineedit.c kernel/ktest.c \
	kernel/port.c kernel/btf.c
# Async runtime, user processes, tracepoints (docs/async.md).
KERNEL_SRCS += kernel/async/executor.c kernel/async/await_point.c \
	kernel/async/waitq.c \
	kernel/async/sleep.c kernel/async/console.c kernel/async/pipe.c \
	kernel/trace/tracepoint.c kernel/trace/aprobe_cmd.c kernel/trace/ftrace_cmd.c kernel/trace/trace_pid_cmd.c kernel/trace/set_event.c kernel/trace/bpf_cmd.c kernel/trace/bpf_dump.c \
	kernel/trace/bpf_update.c \
	kernel/trace/tracepoint_bpf.c kernel/trace/tracepoint_print.c \
	kernel/trace/task_view.c kernel/trace/task_view_cmd.c \
	kernel/trace/timeline.c kernel/trace/timeline_dump.c \
	kernel/user/uservec.S kernel/user/uvm.c \
	kernel/user/uaccess.c kernel/user/elf.c kernel/user/file.c \
	kernel/user/proc.c kernel/user/syscall.c kernel/user/signal.c kernel/user/signame.c
include user/user.mk

KOBJS := $(patsubst %,$(BUILD)/kernel/%.o,$(basename \
	$(KERNEL_SRCS) $(EB_LIB_SRCS) $(EB_LIB_KERNEL_SRCS) $(KTEST_SRCS) \
	$(KBENCH_SRCS)))
KLDFLAGS := -nostdlib -static -Wl,--no-relax -Wl,-T,kernel/kernel.ld \
	-Wl,--build-id=none
# No libgcc: the kernel, as the library, needs none of its functions.
KLIBS :=
KLDARCH := -march=rv64imac -mabi=lp64

# Two links: the first gives the function addresses for kallsyms and the
# types for the kernel's BTF (pahole, from its DWARF; kernel/btf.c), the
# second links both in. They sit after all text (kernel.ld), so no
# function moves, and the second link adds no type; the checks below
# prove both.
$(BUILD)/kernel/kallsyms0.S:
	$(Q)mkdir -p $(dir $@) && tools/kallsyms.sh $(KNM) > $@

# The first link, its symbols and pahole's BTF of its types are made
# together (one recipe, grouped targets): made apart, a stale one whose
# time ties with the link's would not be remade, and the checks below
# would fail. pahole 1.24 writes a detached BTF file without truncating
# it: each is removed first, or a smaller BTF keeps the old one's tail.
KPASS1 := $(BUILD)/kernel/pass1.elf
$(KPASS1) $(BUILD)/kernel/kallsyms.S $(BUILD)/kernel/vmlinux.btf &: $(KOBJS) \
		$(BUILD)/kernel/kallsyms0.o kernel/kernel.ld tools/kallsyms.sh
	$(Q)$(KCC) $(KLDARCH) $(KLDFLAGS) -o $(KPASS1) $(KOBJS) \
		$(BUILD)/kernel/kallsyms0.o $(KLIBS)
	$(Q)tools/kallsyms.sh $(KNM) $(KPASS1) > $(BUILD)/kernel/kallsyms.S
	$(Q)rm -f $(BUILD)/kernel/vmlinux.btf
	$(Q)pahole --btf_encode_detached=$(BUILD)/kernel/vmlinux.btf $(KPASS1)

# The section holding the BTF.

$(BUILD)/kernel/kernel_btf.S:
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '\t.section .BTF, "a"\n\t.balign 4\n\t.incbin "%s"\n' \
		$(BUILD)/kernel/vmlinux.btf > $@
$(BUILD)/kernel/kernel_btf.o: $(BUILD)/kernel/vmlinux.btf

KLINK2 := $(BUILD)/kernel/kallsyms.o $(BUILD)/kernel/kernel_btf.o
$(KERNEL_ELF): $(KOBJS) $(KLINK2) kernel/kernel.ld
	$(Q)$(KCC) $(KLDARCH) $(KLDFLAGS) -o $@ $(KOBJS) $(KLINK2) $(KLIBS)
	$(Q)tools/kallsyms.sh $(KNM) $@ | cmp -s - $(BUILD)/kernel/kallsyms.S || \
		{ echo "kallsyms: functions moved between links" >&2; rm -f $@; exit 1; }
	$(Q)rm -f $@.btf && pahole --btf_encode_detached=$@.btf $@ && \
		cmp -s $@.btf $(BUILD)/kernel/vmlinux.btf && rm -f $@.btf || \
		{ echo "btf: types changed between links" >&2; rm -f $@ $@.btf; exit 1; }
	$(Q)$(KOBJDUMP) -d $@ > $(BUILD)/ebreak.asm

# The kernel reaches the library through its public headers only
# (lib/include), as another kernel would: its own objects are built with
# no other include path (tests and benchmarks keep KINCLUDES, the library
# EB_LIB_INCLUDES).
KERNEL_INC := -Ilib/include -Ikernel
$(BUILD)/kernel/kernel/%.o: kernel/%.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCFLAGS) $(KFTRACE) $(KERNEL_INC) -c -o $@ $<

$(BUILD)/kernel/kernel/%.o: kernel/%.S
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KASFLAGS) $(KERNEL_INC) -c -o $@ $<

$(BUILD)/kernel/%.o: $(BUILD)/kernel/%.S
	$(Q)$(KCC) $(KASFLAGS) $(KINCLUDES) -c -o $@ $<

TEST_DEPS += $(KERNEL_ELF)
BENCH_DEPS += $(KERNEL_ELF)

# The port's functions are leaves the probe hit path calls: no frame
# pointer there (a backtrace never starts inside one).
$(BUILD)/kernel/kernel/port.o: KCFLAGS += -fomit-frame-pointer
