/* eBPF programs written as assembler text, for the in-kernel suites and
 * benchmarks (the assembler is bpf/asm.h's). */
#ifndef TESTS_KERNEL_BPF_TEXT_H
#define TESTS_KERNEL_BPF_TEXT_H
#include <ebreak/async_probe.h>
#include <ebreak/bpf.h>

/* Assemble text and load it (create, verify, prepare) for opts; the
 * program, or NULL having printed why. */
struct bpf_prog *bpf_text_load(const char *text,
			       const struct bpf_prog_opts *opts);

/* Assemble text and check the load for opts is refused with want in
 * its log; false having printed the log if not. */
bool bpf_text_refused(const char *text, const struct bpf_prog_opts *opts,
		      const char *want);

/* Programs the suites and benchmarks share: count events in array map
 * 0's element 0 (any program type); count calls per first argument (a0
 * of struct pt_regs) in hash map 0 (8-byte keys and values). */
extern const char bpf_text_count_calls[];
extern const char bpf_text_count_by_arg[];

/* bpf_text_count_calls counting the events of point (a program of its
 * type, for its context) in a new one-element array *map, attached
 * there (*link). The program, or NULL having printed why (nothing left
 * made). */
struct bpf_prog *bpf_text_counter(const struct eb_bpf_attach_point *point,
				  struct bpf_map **map, struct bpf_link **link);

/* For benchmarks: bpf_text_counter on point, JIT-compiled, while
 * bench_per_call(fn) measures fn (which makes point's events), then
 * detached and freed: fn's instructions per call, or kbench_fail's 0 if
 * the program was not loaded, JIT-compiled or counted nothing. */
uint64_t bpf_text_counter_bench(const struct eb_bpf_attach_point *point,
				void (*fn)(void));

/* bpf_text_counter on async probe bp: counting its events in a new
 * one-element array *map, attached there (*link). The program, or NULL
 * having printed why (nothing left made). */
struct bpf_prog *bpf_text_async_counter(const struct eb_bpf_async_probe *bp,
					struct bpf_map **map,
					struct bpf_link **link);

#endif
