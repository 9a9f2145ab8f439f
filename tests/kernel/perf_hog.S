/*
 * perf_hog(count, until): a CPU hog for the bpf_perf_event suite. Spins
 * until *count (a hart's sample count, which its timer raises) reaches
 * until, a2..a7 holding HOG_A2..HOG_A7 all along its loop (from
 * perf_hog_loop on), so a sample's registers can be checked against
 * them. A leaf: no frame of its own.
 */
#include "../bpf/perf_event_results.h"

	.text
	.balign 4
	.globl perf_hog
	.type perf_hog, @function
perf_hog:
	li a2, HOG_A2
	li a3, HOG_A3
	li a4, HOG_A4
	li a5, HOG_A5
	li a6, HOG_A6
	li a7, HOG_A7
	.globl perf_hog_loop
perf_hog_loop:
	ld t0, 0(a0)
	bltu t0, a1, perf_hog_loop
	ret
	.size perf_hog, . - perf_hog
