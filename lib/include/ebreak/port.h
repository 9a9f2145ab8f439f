/*
 * The port: everything ebreak needs from the kernel that hosts it.
 *
 * A kernel adopts ebreak by implementing these functions (all named
 * eb_port_*), saving traps in struct pt_regs (<ebreak/ptregs.h>), and
 * calling the library's entry points from its trap handler. docs/PORTING.md
 * walks through it. The reference implementation is kernel/port.c.
 *
 * "Trap context" below means: called from the breakpoint trap handler on
 * the probe hit path, with interrupts off. Functions allowed there must not
 * sleep, take a lock another hart may hold while trapping, or allocate.
 *
 * The host also provides the freestanding C basics the library calls:
 * memcpy, memmove, memset, memcmp, strlen, strcmp, strncmp; no libgcc
 * (docs/PORTING.md).
 */
#ifndef EBREAK_PORT_H
#define EBREAK_PORT_H

#ifdef __ASSEMBLY__
/*
 * The library's assembly (a kprobe's direct trampoline at a patchable
 * function entry, lib/arch/riscv/kprobe_direct_trampoline.S) reads this hart's
 * state without a call, through two assembler macros that the host's
 * inline header (EB_PORT_INLINE_H, below) defines when it is included
 * with __ASSEMBLY__ defined:
 *
 *   eb_port_cpu_data rd     rd = eb_port_cpu_data()
 *   eb_port_lock_depth rd   rd = eb_port_lock_depth()
 *
 * Each writes rd only (no other register, no stack, no call), runs
 * with interrupts off, and may be copied anywhere (position
 * independent). A host that builds the kernel-only sources
 * (lib/sources.mk) needs the inline header for them.
 */
#ifndef EB_PORT_INLINE_H
#error "the library's assembly needs the host's inline header (EB_PORT_INLINE_H): its eb_port_cpu_data and eb_port_lock_depth macros"
#endif
#include EB_PORT_INLINE_H
#else /* !__ASSEMBLY__ */

#include <ebreak/config.h>	/* EB_MAX_CPUS, EB_PORT_ALLOC_MAX */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- log and memory ------------------------------------------------- */

/* Print one line (no trailing newline in msg). Any context; never fails. */
void eb_port_log(const char *msg);

/* Allocate size bytes, 16-byte aligned; NULL when out of memory. The
 * library's own blocks fit in a 4 KiB page (its slot pool's tables are
 * cut into blocks of EB_PORT_ALLOC_MAX); what a caller sizes (a map, a
 * program, a kretprobe's instances) may be more. Not in trap context. */
void *eb_port_alloc(size_t size);

/* Free what eb_port_alloc returned (NULL is ignored). Not in trap context. */
void eb_port_free(void *p);

/* Copy len bytes from src, which may be unmapped. Returns 0, or -EFAULT if
 * any byte faulted (dst is then partly written). Safe in trap context. */
int eb_port_read_nofault(void *dst, const void *src, size_t len);

/* Copy len bytes from src in the user memory of the process running on
 * this hart (kprobe_events' +uOFFS() and :ustring, eBPF's
 * bpf_probe_read_user and _str). Returns 0, or -EFAULT
 * if src is not such memory or any byte faulted (dst is then partly
 * written); a host without user processes just returns -EFAULT. Safe in
 * trap context. */
int eb_port_read_user_nofault(void *dst, const void *src, size_t len);

/* The task running on this hart, as a trace names it: its pid (Linux's
 * tgid: a process's, shared by its threads), and its name into comm
 * (size bytes, cut to fit and NUL-terminated; Linux keeps 16). Kernel
 * work outside any process is pid 0 and a name of the host's choosing
 * (Linux's idle threads are "swapper/N"). Safe in trap context. */
int eb_port_current(char *comm, size_t size);

/* The host's own object for the task running on this hart (Linux's
 * `current`), which bpf_get_current_task hands a program to read with
 * bpf_probe_read_kernel; NULL outside any task. Safe in trap context. */
void *eb_port_current_task(void);

/* Optional: the name of the struct eb_port_current_task points at, as a
 * string ("task"), in the host's BTF (eb_port_kernel_btf). Defined (at
 * build time, or in its EB_PORT_INLINE_H), bpf_get_current_task_btf
 * gives programs that pointer typed by it, Linux's task_struct, to load
 * through directly; undefined, that helper is not offered. */

/* The id of the async task (the executor's top-level future) running on
 * this hart, as async probe events name it; 0 outside any task. A host
 * without async tasks may return its thread's id. Safe in trap
 * context. */
unsigned long eb_port_current_task_id(void);

/* --- harts and interrupts -------------------------------------------- */

/* Number of harts online (ids 0..count-1 may have gaps only if the host
 * documents it). Safe in trap context. */
unsigned eb_port_cpu_count(void);

/* Bytes of per-hart memory the library keeps its state in. */
#define EB_CPU_DATA_SIZE 128

/*
 * The next six run on every probe hit (or in eBPF helpers, the trace
 * ring, async probes), where a call is a noticeable part of the cost. A host may define them as static
 * inline functions in a header of its own, named by its full path at
 * build time with -DEB_PORT_INLINE_H='"/path/file.h"' (the library's
 * include paths reach none of the host's headers; the reference kernel's
 * is kernel/port_inline.h); they are then not declared here. The same
 * header gives the library's assembly its two macros (top of this file).
 */
#ifdef EB_PORT_INLINE_H
#include EB_PORT_INLINE_H
#else
/* Disable interrupts on this hart; returns the state to restore. Safe in
 * trap context (the trace ring uses the pair there). */
unsigned long eb_port_irq_save(void);

/* Restore the state eb_port_irq_save returned. Safe in trap context. */
void eb_port_irq_restore(unsigned long flags);

/* This hart's id, < EB_MAX_CPUS. Safe in trap context. */
unsigned eb_port_cpu_id(void);

/* This hart's EB_CPU_DATA_SIZE bytes for the library: 16-byte aligned,
 * zero at boot, touched by nothing else (a field of the host's per-hart
 * structure, say). Safe in trap context. */
void *eb_port_cpu_data(void);

/* How many interrupt-disabling locks (or other nested interrupt-off
 * sections) this hart holds. A handler that faults is abandoned only if
 * it took none since its hit. Safe in trap context. */
unsigned eb_port_lock_depth(void);

/* Monotonic time in nanoseconds, one clock for all harts (async probes
 * read it twice per poll). Safe in trap context. */
uint64_t eb_port_time_ns(void);
#endif

/* The host's scheduler tick rate (Linux's HZ): bpf_jiffies64 counts
 * eb_port_time_ns in its ticks, bpf_ktime_get_coarse_ns rounds it down
 * to one. 100 unless the host defines it (at build time, or in its
 * EB_PORT_INLINE_H). */
#ifndef EB_PORT_HZ
#define EB_PORT_HZ 100
#endif

/* --- sampling (optional) ------------------------------------------- */

/*
 * A per-hart sampling timer for perf_event programs (<ebreak/bpf.h>'s
 * eb_bpf_perf_event_point). Optional: declared weak, a host that does
 * not define them has none, and attaching a perf_event program is
 * refused saying so.
 *
 * eb_port_sample_start: from now on, every hart takes a sample every
 * period_ns (the first a period after its next timer interrupt, at
 * most one scheduler tick away), each calling
 * eb_bpf_perf_sample with the frame its timer interrupted, interrupts
 * off; beside its scheduler tick (arm the earlier of the two). 0, or
 * -EINVAL if the timer cannot fire that often. Called with no sampling
 * running. eb_port_sample_stop: no new sample begins once it returns
 * (one in progress may finish). Both not in trap context; called under
 * the library's attach lock (no sleeping).
 */
int eb_port_sample_start(uint64_t period_ns) __attribute__((weak));
void eb_port_sample_stop(void) __attribute__((weak));

/* --- code patching --------------------------------------------------- */

/* Write len bytes of instructions at addr (kernel text, or the slot area)
 * and make every hart fetch them: on return, no hart can still execute
 * the old bytes. A naturally aligned 2- or 4-byte write must be a single
 * store. Returns 0 or -errno. Not in trap context; may also be called from
 * a stop_machine function. */
int eb_port_text_patch(void *addr, const void *insn, size_t len);

/* Run fn(arg) on this hart while every other hart spins with interrupts
 * off, parked from an interrupt (so outside any trap handler and any
 * probe slot, which run with interrupts off); they resume after fn
 * returns and fetch instructions anew. Also the library's grace period:
 * when it returns, no hart is still in a handler that began before.
 * Not in trap context. */
void eb_port_stop_machine(void (*fn)(void *arg), void *arg);

/* Executable memory for probe slots, size bytes at the address returned,
 * 8-byte aligned, written only through eb_port_text_patch, inside the
 * never-probed section (see EB_NOPROBE in <ebreak/kprobes.h>). Called
 * once. Returns NULL if the host has none (then only simulated
 * instructions can be probed). */
void *eb_port_slot_area(size_t *size);

/*
 * Executable memory for code made at run time (the eBPF JIT's compiled
 * programs, kprobes' direct trampolines, which a jal at a patchable
 * function entry must reach; without it programs run interpreted and
 * kprobes at entries go through ftrace_caller): size bytes, 16-byte
 * aligned, never writable through the address returned (W^X): filled only
 * through eb_port_text_patch. Inside the never-probed section, like the
 * slot area. Returns NULL when there is not that much (a host may have
 * none). Not in trap context.
 */
void *eb_port_exec_alloc(size_t size);

/* Gives back p, which eb_port_exec_alloc(size) returned. Called only
 * after a grace period (eb_port_stop_machine) since the code in it could
 * last start, so the memory may be handed out again at once. Not in trap
 * context. */
void eb_port_exec_free(void *p, size_t size);

/* Whether the host itself rewrites code in [addr, addr+len) (a static
 * key, a tracepoint site): no probe may go there. Not in trap context. */
bool eb_port_text_reserved(uintptr_t addr, size_t len);

/* --- patchable function entries (<ebreak/ftrace.h>) ------------------ */

/*
 * Not functions: what the host's build gives the library so that a kprobe
 * on a function's entry needs no trap (docs/PORTING.md, step 4).
 *  - The host's own C code is compiled with -fpatchable-function-entry=4
 *    (EB_FTRACE_NOPS), the library's without it (it is never traced):
 *    EB_NOPROBE and EB_NOTRACE functions get no site either.
 *  - Its linker script keeps the section __patchable_function_entries
 *    in writable data, 8-byte aligned, between the symbols
 *    __eb_ftrace_sites_start and __eb_ftrace_sites_end.
 *  - It calls eb_ftrace_init once at boot, with text patching working
 *    and no other hart running yet.
 * A host that does not build with the flag still defines the two
 * symbols, at one address (an empty table): every kprobe is then a
 * breakpoint.
 */

/* --- symbols --------------------------------------------------------- */

/* How many functions are called name (static functions may share one):
 * 0 if none; else the address and size of the one at the lowest address
 * in *addr and *size. Kprobe events, eBPF kprobes, fentry and async
 * probes refuse a name of several, as Linux does (the count is what
 * tells; by address they probe it), register_kprobe takes the lowest. A
 * port that cannot count returns 1 for a known name (then such a name
 * probes its first function everywhere). Not in trap context. */
int eb_port_symbol_lookup(const char *name, uintptr_t *addr, size_t *size);

/* Name of the function containing addr, its start and size; NULL if none.
 * Safe in trap context (kprobe events name a return's caller with it). */
const char *eb_port_symbol_name(uintptr_t addr, uintptr_t *start,
				size_t *size);

/* --- unwind tables ---------------------------------------------------- */

/*
 * The kernel's .eh_frame section (the LSB's format: CIEs and FDEs, as GCC
 * emits with -fasynchronous-unwind-tables), its length in *len; NULL if
 * the kernel keeps none. A probe handler that faults inside a hit taken
 * at a patchable function entry (ftrace_caller) or at a kretprobe's
 * return is abandoned by unwinding its frames with these tables back to
 * the trampoline's (docs/PORTING.md, step 1); without them such a fault
 * cannot be recovered. The bytes stay as they are while the kernel runs.
 * Safe in trap context.
 */
const void *eb_port_eh_frame(size_t *len);

/* --- types ------------------------------------------------------------ */

/*
 * The running kernel's BTF (Linux's /sys/kernel/btf/vmlinux): raw BTF as
 * Linux's Documentation/bpf/btf.rst lays it out (header, types, strings;
 * little-endian, 4-byte aligned), describing the types of the kernel's
 * own code, its length in *len. The object loader resolves the CO-RE
 * relocations of eBPF objects against it (docs/PORTING.md, step 7). The
 * bytes stay as they are while the kernel runs. NULL if the kernel has
 * none: objects with CO-RE relocations are then refused. Not in trap
 * context.
 */
const void *eb_port_kernel_btf(size_t *len);

#endif /* !__ASSEMBLY__ */

#endif
