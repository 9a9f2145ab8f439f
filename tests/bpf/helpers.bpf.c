/*
 * The helpers libbpf-built tracing programs call beyond the basic ones,
 * each as its C macro or wrapper calls it: bpf_printk with more than 3
 * arguments (libbpf then calls bpf_trace_vprintk); bpf_perf_event_output
 * into a perf event array (BCC's perf_submit), and its errors; the
 * small ones: bpf_probe_read_str, bpf_get_current_uid_gid,
 * bpf_jiffies64, bpf_ktime_get_coarse_ns, bpf_get_attach_cookie,
 * bpf_strncmp against constant strings in .rodata.
 * tests/kernel/bpf_helpers_test.c attaches them to helpers_target's
 * kprobe and checks what they give against the values it passed and
 * counted itself; tests/host/bpf_object_test.c loads it (its perf event
 * arrays' sizes, a record).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* Six arguments: bpf_trace_vprintk with them in an array. */
SEC("kprobe/helpers_target")
int BPF_KPROBE(vprintk, long a, long b, unsigned long c, unsigned long d,
	       int e)
{
	bpf_printk("vprintk %ld %ld %lx %lu %d hart=%u", a, b, c, d, e,
		   bpf_get_smp_processor_id());
	return 0;
}

/* libbpf-tools' declaration: no max_entries, a slot per hart. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* 64 slots: those past the harts are empty. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 64);
} wide SEC(".maps");

/* A record: the hart, the caller's sequence number, a check word. */
struct perf_rec {
	__u64 hart, seq, check;
};

__u64 nospc[64];		/* -ENOSPC returns, by hart */
long flag_errs[6];		/* what perf_flags got, in its order */

/* One record a call, on this hart's buffer. */
SEC("kprobe/helpers_target")
int BPF_KPROBE(perf, long seq, long check)
{
	struct perf_rec r = { bpf_get_smp_processor_id(), seq, check };
	long err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &r,
					 sizeof r);

	if (err == -28 && r.hart < 64)	/* -ENOSPC: its buffer was full */
		nospc[r.hart]++;
	return 0;
}

/* Linux's errors: flags past the index, a slot past max_entries, an
 * empty slot, another hart's slot; this hart's slot by number. */
SEC("kprobe/helpers_target")
int BPF_KPROBE(perf_flags, long other)
{
	__u64 v = 7;
	__u32 hart = bpf_get_smp_processor_id();

	flag_errs[0] = bpf_perf_event_output(ctx, &events, 1ull << 32, &v, 8);
	flag_errs[1] = bpf_perf_event_output(ctx, &wide, 64, &v, 8);
	flag_errs[2] = bpf_perf_event_output(ctx, &wide, 63, &v, 8);
	flag_errs[3] = bpf_perf_event_output(ctx, &events, other, &v, 8);
	flag_errs[4] = bpf_perf_event_output(ctx, &events, hart, &v, 8);
	flag_errs[5] = bpf_perf_event_output(ctx, &wide, hart, &v, 0);
	return 0;
}

__u64 cookie, uid_gid, jiffies, coarse, ktime;
long str_len, bad_len;
char str[16];
long cmp[4];		/* bpf_strncmp of str with the strings below */

/* bpf_strncmp's constant strings (.rodata). */
const char cmp_eq[] = "a string", cmp_lo[] = "a strinf", cmp_hi[] = "a strinh",
	   cmp_prefix[] = "a sx";

/* The small helpers, their results in globals: s a string, bad an
 * address that cannot be read. */
SEC("kprobe/helpers_target")
int BPF_KPROBE(small, const char *s, const char *bad)
{
	cookie = bpf_get_attach_cookie(ctx);
	uid_gid = bpf_get_current_uid_gid();
	jiffies = bpf_jiffies64();
	coarse = bpf_ktime_get_coarse_ns();
	ktime = bpf_ktime_get_ns();
	str_len = bpf_probe_read_str(str, sizeof str, s);
	bad_len = bpf_probe_read_str(str + 8, 8, bad);
	cmp[0] = bpf_strncmp(str, sizeof str, cmp_eq);
	cmp[1] = bpf_strncmp(str, sizeof str, cmp_lo);
	cmp[2] = bpf_strncmp(str, sizeof str, cmp_hi);
	cmp[3] = bpf_strncmp(str, 3, cmp_prefix);
	return 0;
}
