/*
 * The helpers every program may call, by Linux id. Each is a thin
 * wrapper: arguments arrive as the five u64 registers r1-r5 and the
 * verifier has already checked them against the prototype.
 */
/* Each helper takes all five registers, the signature the interpreter
 * calls; most read fewer. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include <ebreak/port.h>
#include "bpf/helpers.h"
#include <ebreak/libc.h>
#include "bpf/map.h"

static uint64_t
map_lookup_elem(uint64_t map, uint64_t key, uint64_t r3, uint64_t r4,
		uint64_t r5)
{
	return (uintptr_t)bpf_map_lookup_elem((struct bpf_map *)(uintptr_t)map,
					      (const void *)(uintptr_t)key);
}

static const struct bpf_func_proto map_lookup_elem_proto = {
	.func = map_lookup_elem,
	.ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY },
};

static uint64_t
map_update_elem(uint64_t map, uint64_t key, uint64_t value, uint64_t flags,
		uint64_t r5)
{
	return (int64_t)bpf_map_update_elem((struct bpf_map *)(uintptr_t)map,
					    (const void *)(uintptr_t)key,
					    (const void *)(uintptr_t)value,
					    flags);
}

static const struct bpf_func_proto map_update_elem_proto = {
	.func = map_update_elem,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY,
		      ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING },
};

static uint64_t
map_delete_elem(uint64_t map, uint64_t key, uint64_t r3, uint64_t r4,
		uint64_t r5)
{
	return (int64_t)bpf_map_delete_elem((struct bpf_map *)(uintptr_t)map,
					    (const void *)(uintptr_t)key);
}

static const struct bpf_func_proto map_delete_elem_proto = {
	.func = map_delete_elem,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY },
};

static uint64_t
map_lookup_percpu_elem(uint64_t map, uint64_t key, uint64_t cpu,
		       uint64_t r4, uint64_t r5)
{
	if (cpu >= EB_MAX_CPUS)
		return 0;
	return (uintptr_t)bpf_map_lookup_percpu_elem(
		(struct bpf_map *)(uintptr_t)map, (const void *)(uintptr_t)key,
		cpu);
}

static const struct bpf_func_proto map_lookup_percpu_elem_proto = {
	.func = map_lookup_percpu_elem,
	.ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING },
};

/* size bytes at unsafe src (in the user memory of the process on this
 * hart if user) into dst: 0, or -EFAULT with dst zeroed, as in Linux (the
 * verifier counts all size bytes of dst as written). */
static uint64_t
read_or_zero(uint64_t dst, uint64_t size, uint64_t src, bool user)
{
	void *d = (void *)(uintptr_t)dst;
	const void *from = (const void *)(uintptr_t)src;
	int r = user ? eb_port_read_user_nofault(d, from, size)
		     : eb_port_read_nofault(d, from, size);

	if (r)
		memset(d, 0, size);
	return (int64_t)r;
}

/* probe_read_kernel(dst, size, unsafe_ptr) */
static uint64_t
probe_read_kernel(uint64_t dst, uint64_t size, uint64_t src, uint64_t r4,
		  uint64_t r5)
{
	return read_or_zero(dst, size, src, false);
}

static const struct bpf_func_proto probe_read_kernel_proto = {
	.func = probe_read_kernel,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

/* The old name, which Linux keeps for kernel addresses too. */
static const struct bpf_func_proto probe_read_proto = {
	.func = probe_read_kernel,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

/* probe_read_user(dst, size, unsafe_ptr): from the process's memory, as
 * kprobe_events' +uOFFS() reads it (eb_port_read_user_nofault). */
static uint64_t
probe_read_user(uint64_t dst, uint64_t size, uint64_t src, uint64_t r4,
		uint64_t r5)
{
	return read_or_zero(dst, size, src, true);
}

static const struct bpf_func_proto probe_read_user_proto = {
	.func = probe_read_user,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

static uint64_t
ktime_get_ns(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return eb_port_time_ns();
}

static const struct bpf_func_proto ktime_get_ns_proto = {
	.func = ktime_get_ns,
	.ret_type = RET_INTEGER,
};

/* strncmp(s1, s1_sz, s2): compares at most s1_sz bytes of s1 with the
 * constant string s2 (the verifier proved it NUL-terminated): 0 if
 * equal, else negative or positive as s1 sorts before or after s2. */
static uint64_t
bpf_strncmp(uint64_t s1, uint64_t s1_sz, uint64_t s2, uint64_t r4,
	    uint64_t r5)
{
	return (int64_t)strncmp((const char *)(uintptr_t)s1,
				(const char *)(uintptr_t)s2, s1_sz);
}

static const struct bpf_func_proto strncmp_proto = {
	.func = bpf_strncmp,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_MEM, ARG_CONST_SIZE, ARG_PTR_TO_CONST_STR },
};

/*
 * Per-hart xorshift64* generators: not cryptographic (neither is Linux's
 * bpf_get_prandom_u32), and no state is shared between harts. Seeded
 * from the clock at first use.
 */
static uint64_t prandom_state[EB_MAX_CPUS];

static uint64_t
get_prandom_u32(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		uint64_t r5)
{
	uint64_t *s = &prandom_state[eb_port_cpu_id()];
	uint64_t x = *s;

	if (!x)
		x = eb_port_time_ns() * 0x9e3779b97f4a7c15ull | 1;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

static const struct bpf_func_proto get_prandom_u32_proto = {
	.func = get_prandom_u32,
	.ret_type = RET_INTEGER,
};

static uint64_t
get_smp_processor_id(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		     uint64_t r5)
{
	return eb_port_cpu_id();
}

static const struct bpf_func_proto get_smp_processor_id_proto = {
	.func = get_smp_processor_id,
	.ret_type = RET_INTEGER,
};

/* bpf_tail_call(ctx, prog_array, index): no C function; the interpreter
 * and the JIT run the slot's program in place of the caller themselves,
 * or fall through (prog.h's MAX_TAIL_CALL_CNT). */
static const struct bpf_func_proto tail_call_proto = {
	.ret_type = RET_VOID,
	.arg_type = { ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING },
};

static const struct bpf_func_proto *const helpers[] = {
	[BPF_FUNC_tail_call] = &tail_call_proto,
	[BPF_FUNC_map_lookup_elem] = &map_lookup_elem_proto,
	[BPF_FUNC_map_update_elem] = &map_update_elem_proto,
	[BPF_FUNC_map_delete_elem] = &map_delete_elem_proto,
	[BPF_FUNC_probe_read] = &probe_read_proto,
	[BPF_FUNC_ktime_get_ns] = &ktime_get_ns_proto,
	[BPF_FUNC_get_prandom_u32] = &get_prandom_u32_proto,
	[BPF_FUNC_get_smp_processor_id] = &get_smp_processor_id_proto,
	[BPF_FUNC_probe_read_user] = &probe_read_user_proto,
	[BPF_FUNC_probe_read_kernel] = &probe_read_kernel_proto,
	[BPF_FUNC_probe_read_user_str] = &bpf_probe_read_user_str_proto,
	[BPF_FUNC_map_lookup_percpu_elem] = &map_lookup_percpu_elem_proto,
	[BPF_FUNC_trace_printk] = &bpf_trace_printk_proto,
	[BPF_FUNC_trace_vprintk] = &bpf_trace_vprintk_proto,
	[BPF_FUNC_get_current_pid_tgid] = &bpf_get_current_pid_tgid_proto,
	[BPF_FUNC_get_current_comm] = &bpf_get_current_comm_proto,
	[BPF_FUNC_get_current_task] = &bpf_get_current_task_proto,
	[BPF_FUNC_probe_read_kernel_str] = &bpf_probe_read_kernel_str_proto,
	[BPF_FUNC_ktime_get_boot_ns] = &bpf_ktime_get_boot_ns_proto,
	[BPF_FUNC_probe_read_str] = &bpf_probe_read_str_proto,
	[BPF_FUNC_get_current_uid_gid] = &bpf_get_current_uid_gid_proto,
	[BPF_FUNC_jiffies64] = &bpf_jiffies64_proto,
	[BPF_FUNC_ktime_get_coarse_ns] = &bpf_ktime_get_coarse_ns_proto,
	[BPF_FUNC_get_attach_cookie] = &bpf_get_attach_cookie_proto,
	[BPF_FUNC_ringbuf_output] = &bpf_ringbuf_output_proto,
	[BPF_FUNC_ringbuf_reserve] = &bpf_ringbuf_reserve_proto,
	[BPF_FUNC_ringbuf_submit] = &bpf_ringbuf_submit_proto,
	[BPF_FUNC_ringbuf_discard] = &bpf_ringbuf_discard_proto,
	[BPF_FUNC_ringbuf_query] = &bpf_ringbuf_query_proto,
	[BPF_FUNC_perf_event_output] = &bpf_perf_event_output_proto,
	[BPF_FUNC_loop] = &bpf_loop_proto,
	[BPF_FUNC_strncmp] = &strncmp_proto,
	[BPF_FUNC_for_each_map_elem] = &bpf_for_each_map_elem_proto,
	[BPF_FUNC_current_task_under_cgroup] = &bpf_current_task_under_cgroup_proto,
};

/* bpf_helper_proto's, and get_stackid, get_stack, get_func_ip and
 * override_return where they are built (helpers.h). Any context. */
const struct bpf_func_proto *
bpf_kprobe_helper_proto(uint32_t id)
{
	if (id == BPF_FUNC_get_stackid)
		return &bpf_get_stackid_proto;	/* NULL where not built */
	if (id == BPF_FUNC_get_stack)
		return &bpf_get_stack_proto;
	if (id == BPF_FUNC_get_func_ip)
		return &bpf_get_func_ip_proto;
	if (id == BPF_FUNC_override_return)
		return &bpf_override_return_proto;
	return bpf_helper_proto(id);
}

/* bpf_helper_proto's, and the sampled frame's stack helpers where they
 * are built (helpers.h). Any context. */
const struct bpf_func_proto *
bpf_perf_event_helper_proto(uint32_t id)
{
	if (id == BPF_FUNC_get_stackid)
		return &bpf_pe_get_stackid_proto;	/* NULL where not built */
	if (id == BPF_FUNC_get_stack)
		return &bpf_pe_get_stack_proto;
	return bpf_helper_proto(id);
}

/* The built-in helper with Linux id id, or NULL (helpers.h). Any
 * context. */
const struct bpf_func_proto *
bpf_helper_proto(uint32_t id)
{
	if (id == BPF_FUNC_get_current_task_btf)
		return bpf_get_current_task_btf_proto;	/* NULL if none */
	return id < sizeof(helpers) / sizeof(helpers[0]) ? helpers[id] : NULL;
}
