# The verifier fuzzer (libFuzzer, clang): random programs through the
# verifier, accepted ones through the interpreter, under ASan and UBSan.
#   make fuzz [FUZZ_SECONDS=60]   fuzz, corpus kept in build/fuzz/corpus
# `make test` runs a 20-second smoke of it (suite bpf-fuzz-smoke).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
# Misaligned ldx/stx are valid eBPF and the interpreter performs them as
# such (its typedefs are may_alias), so UBSan's alignment check is off.
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize=alignment \
	-fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -g -O1 -MMD -MP $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	-Ilib/include -Ilib -DEB_HOST
FUZZ_BIN := $(BUILD)/fuzz/bpf-verifier-fuzz
# the assembler makes the seed corpus (tools/bpf-asm.mk builds it)
FUZZ_ASM := $(BUILD)/host/tools/bpf-asm
# the eBPF parts of the library and what they use
FUZZ_OBJS = $(patsubst %.c,$(BUILD)/fuzz/%.o,$(filter lib/bpf/%,$(EB_LIB_SRCS)) \
	lib/core/fmt.c lib/core/grace_period.c lib/core/trace_ring.c \
	tests/host/port_host.c tests/fuzz/bpf_gen.c tests/fuzz/bpf_verifier_fuzz.c)

$(BUILD)/fuzz/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BIN): $(FUZZ_OBJS)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

.PHONY: fuzz
fuzz: deps $(FUZZ_BIN) $(FUZZ_ASM)
	$(Q)tests/fuzz/corpus.sh $(FUZZ_ASM) $(BUILD)/fuzz/seeds
	$(Q)mkdir -p $(BUILD)/fuzz/corpus
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/ \
		$(BUILD)/fuzz/corpus $(BUILD)/fuzz/seeds

TEST_DEPS += $(FUZZ_BIN) $(FUZZ_ASM)
$(eval $(call suite,bpf-fuzz-smoke,tests/fuzz/corpus.sh $(FUZZ_ASM) \
	$(BUILD)/fuzz/smoke/seeds && tests/fuzz/smoke.sh bpf-fuzz $(FUZZ_BIN) \
	$(BUILD)/fuzz/smoke 20 $(BUILD)/fuzz/smoke/seeds))

# The JIT against the interpreter (tests/fuzz/bpf_jit_diff.c): the
# fuzzer's generator's programs run by both, built for riscv64 and run
# under qemu-user; `make test` runs 20,000 programs (about 3,300 the
# verifier accepts), `make fuzz-jit` FUZZ_JIT_PROGRAMS from a new seed
# (printed: rerun with FUZZ_JIT_SEED=N).
#   make fuzz-jit [FUZZ_JIT_PROGRAMS=1000000] [FUZZ_JIT_SEED=N]
FUZZ_JIT_PROGRAMS ?= 1000000
FUZZ_JIT_SEED ?= $$(date +%s)
$(eval $(call bpf_rv64_suite,bpf-jit-diff-rv64,tests/fuzz/bpf_jit_diff.c tests/fuzz/bpf_gen.c))

.PHONY: fuzz-jit
fuzz-jit: deps $(BUILD)/rv64/bpf-jit-diff-rv64
	$(Q)seed=$(FUZZ_JIT_SEED); echo "bpf-jit-diff: seed $$seed"; \
	BPF_JIT_DIFF_PROGRAMS=$(FUZZ_JIT_PROGRAMS) BPF_JIT_DIFF_SEED=$$seed \
		qemu-riscv64 $(BUILD)/rv64/bpf-jit-diff-rv64

# The kprobe_events argument parser and printer (tests/fuzz/fetch_args_fuzz.c):
#   make fuzz-fetch-args [FUZZ_SECONDS=60]
FETCH_FUZZ_BIN := $(BUILD)/fuzz/fetch-args-fuzz
FETCH_FUZZ_OBJS = $(patsubst %.c,$(BUILD)/fuzz/%.o,lib/core/fetch_args.c \
	lib/core/fetch_print.c lib/core/fetch_btf.c lib/bpf/btf.c lib/core/fmt.c \
	tests/host/port_host.c tests/fuzz/fetch_args_fuzz.c)
$(FETCH_FUZZ_BIN): $(FETCH_FUZZ_OBJS)
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

.PHONY: fuzz-fetch-args
fuzz-fetch-args: deps $(FETCH_FUZZ_BIN)
	$(Q)tests/fuzz/fetch_args_seeds.sh $(BUILD)/fuzz/fetch-args-seeds
	$(Q)mkdir -p $(BUILD)/fuzz/fetch-args-corpus
	FETCH_FUZZ_BTF=$(BUILD)/kernel/vmlinux.btf \
		$(FETCH_FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/ \
		$(BUILD)/fuzz/fetch-args-corpus $(BUILD)/fuzz/fetch-args-seeds

TEST_DEPS += $(FETCH_FUZZ_BIN)
# BTF argument names from the kernel's BTF (built with it: TEST_DEPS).
$(eval $(call suite,fetch-args-fuzz-smoke,tests/fuzz/fetch_args_seeds.sh \
	$(BUILD)/fuzz/fetch-smoke/seeds && \
	FETCH_FUZZ_BTF=$(BUILD)/kernel/vmlinux.btf tests/fuzz/smoke.sh fetch-args-fuzz \
	$(FETCH_FUZZ_BIN) $(BUILD)/fuzz/fetch-smoke 10 $(BUILD)/fuzz/fetch-smoke/seeds))
