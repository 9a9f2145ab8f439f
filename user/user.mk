# User programs: C built for U-mode (rv64imac, no libc, user/user.ld),
# embedded in the kernel image by a generated table of .incbin'd ELFs
# (user_programs, kernel/user/user.h). Included by kernel/module.mk.
USER_PROGS := sh echo cat spin sleep pingpong forkwait fault efault \
	syscount kill
USER_CFLAGS := -std=gnu11 $(WARN) -O2 -g -march=rv64imac -mabi=lp64 \
	-mcmodel=medany -ffreestanding -fno-common -fno-stack-protector \
	-fno-pie -fno-builtin -MMD -MP -Iuser -Ikernel -Ilib/include
# The kernel's C basics and the library's formatter serve user code too.
USER_LIB := $(BUILD)/user/start.o $(BUILD)/user/ulib.o \
	$(BUILD)/user/shared/string.o $(BUILD)/user/shared/fmt.o \
	$(BUILD)/user/shared/signame.o
USER_ELFS := $(patsubst %,$(BUILD)/user/%.elf,$(USER_PROGS))

$(BUILD)/user/%.o: user/%.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/user/shared/string.o: kernel/string.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/user/shared/signame.o: kernel/user/signame.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/user/shared/fmt.o: lib/core/fmt.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/user/%.o: user/%.S
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(USER_CFLAGS) -c -o $@ $<

$(BUILD)/user/%.elf: $(BUILD)/user/%.o $(USER_LIB) user/user.ld
	$(Q)$(KCC) $(USER_CFLAGS) -nostdlib -static -Wl,-T,user/user.ld \
		-Wl,--no-relax -Wl,--build-id=none -o $@ $< $(USER_LIB) -lgcc

# The table: { name, start, end } per program, then a zero entry.
$(BUILD)/user/programs.S: user/user.mk
	$(Q)mkdir -p $(dir $@)
	$(Q){ printf '\t.section .rodata\n\t.balign 8\n\t.globl user_programs\nuser_programs:\n'; \
	for p in $(USER_PROGS); do printf '\t.dword name_%s, start_%s, end_%s\n' $$p $$p $$p; done; \
	printf '\t.dword 0, 0, 0\n'; \
	for p in $(USER_PROGS); do \
		printf 'name_%s:\t.asciz "%s"\n\t.balign 8\nstart_%s:\t.incbin "$(BUILD)/user/%s.elf"\nend_%s:\n' \
			$$p $$p $$p $$p $$p; \
	done; } > $@

KERNEL_SRCS += $(BUILD)/user/programs.S
$(BUILD)/kernel/$(BUILD)/user/programs.o: $(USER_ELFS)

.SECONDARY: $(USER_LIB) $(patsubst %,$(BUILD)/user/%.o,$(USER_PROGS))
-include $(wildcard $(BUILD)/user/*.d)
