/*
 * ebreak's build-time options, in one place: each is a default a build
 * may override with -D. docs/PORTING.md lists the static memory each one
 * sizes. Included by C and assembly.
 */
#ifndef EBREAK_CONFIG_H
#define EBREAK_CONFIG_H

/* Upper bound on hart ids the library keeps per-hart state for (one trace
 * ring each). */
#ifndef EB_MAX_CPUS
#define EB_MAX_CPUS 8
#endif

/* Records each hart's trace ring holds: EB_MAX_CPUS rings of this many
 * 256-byte records (1 MiB by default: a traced printf writes a record
 * per character the shell echoes, and 128 were lapped by one command). */
#ifndef EB_TRACE_RING_RECORDS
#define EB_TRACE_RING_RECORDS 512
#endif

/* kretprobe trampolines: the most kretprobe instances registered at once,
 * a multiple of 64. Each is 4 bytes of text (32 KiB by default) and 8
 * bytes of owner table (64 KiB). */
#ifndef EB_KRETPROBE_TRAMPOLINES
#define EB_KRETPROBE_TRAMPOLINES 8192
#endif

/* The kprobe table's chains, a power of two: 8,192 chains (64 KiB) leave
 * a hit 1 to 3 others to pass with 10,000 probes, 4 instructions each. */
#ifndef EB_KPROBE_HASH_BITS
#define EB_KPROBE_HASH_BITS 13
#endif

/* Refusals kprobe_events' error log keeps (Linux's error_log: 16). */
#ifndef EB_KPROBE_ERROR_LOG
#define EB_KPROBE_ERROR_LOG 16
#endif

/* Fetch args one kprobe event may have. */
#ifndef EB_KPROBE_EVENT_ARGS_MAX
#define EB_KPROBE_EVENT_ARGS_MAX 8
#endif

/* Async probes (<ebreak/async_probe.h>): the calls one probe follows at
 * once by default (its table: 128 bytes each, allocated at
 * registration, a power of two), and how deep probed polls nest on one
 * hart (EB_MAX_CPUS stacks of 32 bytes per level; each level's poll,
 * wrapped, also takes 432 bytes of the hart's kernel stack: FOLLOW_FRAME,
 * lib/async/probed_poll.h; 8 levels, 3.4 KiB, leave most of a 16 KiB
 * stack to the polls themselves, and are more than twice the reference
 * kernel's chains of polls: a process, its syscall, a leaf future). */
#ifndef EB_ASYNC_PROBE_CALLS
#define EB_ASYNC_PROBE_CALLS 256
#endif
#ifndef EB_ASYNC_PROBE_DEPTH
#define EB_ASYNC_PROBE_DEPTH 8
#endif

/* Patchable function entries the site table keeps (<ebreak/ftrace.h>),
 * a power of two below 65,536: 5 bytes each (who has it on, and a hash
 * of them: 40 KiB by default); and how deep function_graph follows calls
 * on one hart (EB_MAX_CPUS return stacks of 40 bytes per level). */
#ifndef EB_FTRACE_SITES_MAX
#define EB_FTRACE_SITES_MAX 8192
#endif
#ifndef EB_FTRACE_GRAPH_DEPTH
#define EB_FTRACE_GRAPH_DEPTH 64
#endif

/* The largest block the slot pool's tables (which grow with the slot
 * area) ask eb_port_alloc for: they are cut into blocks of at most this.
 * A host whose allocator gives single pages sets it to its page size.
 * The library's other blocks fit in 4 KiB, but for those a caller sizes
 * (docs/PORTING.md, step 1). */
#ifndef EB_PORT_ALLOC_MAX
#define EB_PORT_ALLOC_MAX 4096
#endif

#endif
