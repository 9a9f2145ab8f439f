/*
 * The tracing helpers called as a program calls them (by id, through
 * their prototypes): trace_printk's lines in the trace ring agree with
 * the C library's printf on the same formats and arguments, formats
 * Linux refuses are refused, strings come from unsafe pointers
 * fault-safely (from kernel or user memory), and the task helpers
 * report the host port's task.
 */
#include "test.h"
#include "bpf/helpers.h"
#include "bpf_host_load.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>
#include <ebreak/trace_ring.h>
#include <stdint.h>
#include <string.h>

static char last[EB_TRACE_TEXT_MAX + 64];

static void
keep_last(const char *line, void *arg)
{
	if (line[0] != '#')
		snprintf(last, sizeof last, "%s", line);
}

/* The text after "bpf_trace_printk: " of the last record. */
static const char *
printed(void)
{
	const char *t = strstr(last, "bpf_trace_printk: ");

	return t ? t + 18 : "";
}

static int64_t
printk(const char *fmt, uint64_t a, uint64_t b, uint64_t c)
{
	const struct bpf_func_proto *p = bpf_helper_proto(6);

	eb_trace_clear();
	int64_t r = (int64_t)p->func((uintptr_t)fmt, strlen(fmt) + 1, a, b, c);
	last[0] = 0;
	eb_trace_read(keep_last, NULL);
	return r;
}

TEST(trace_printk_agrees_with_printf)
{
	char want[128];

	CHECK(bpf_helper_proto(6) == &bpf_trace_printk_proto);
	printk("n=%d u=%u x=%x", (uint64_t)-5, 7, 0xbeef);
	snprintf(want, sizeof want, "n=%d u=%u x=%x", -5, 7u, 0xbeefu);
	CHECK(!strcmp(printed(), want));
	printk("%ld %lu %llx", (uint64_t)-1, 1ull << 40, 0x123456789ull);
	snprintf(want, sizeof want, "%ld %lu %llx", -1L, 1ul << 40,
		 0x123456789ull);
	CHECK(!strcmp(printed(), want));
	printk("[%5d] [%-4x] [%05u]%%\n", 42, 0xa, 7);
	snprintf(want, sizeof want, "[%5d] [%-4x] [%05u]%%", 42, 0xa, 7);
	CHECK(!strcmp(printed(), want));
	int64_t n = printk("%s and %c", (uintptr_t)"str", 'z', 0);
	CHECK(!strcmp(printed(), "str and z"));
	/* Linux's return: bstr_printf's, the text's length, no prefix */
	CHECK_EQ(n, strlen("str and z"));
	printk("[%3c|%-2c]", 'z', 'y', 0);
	snprintf(want, sizeof want, "[%3c|%-2c]", 'z', 'y');
	CHECK(!strcmp(printed(), want));
	printk("[%+d] [% d] [%+05d]", 5, 7, (uint64_t)-3);
	snprintf(want, sizeof want, "[%+d] [% d] [%+05d]", 5, 7, -3);
	CHECK(!strcmp(printed(), want));
	/* a string that faults prints as (efault) */
	printk("%s", 0, 0, 0);	/* the host port faults on NULL */
	CHECK(!strcmp(printed(), "(efault)"));
}

/* Linux's pointer conversions: %px raw, %pK and %p as a pointer, %ps
 * %pS %pB as a symbol (an address in no function, as here: hex), %pks
 * and %pus strings; %p before punctuation or a space is plain %p. */
TEST(trace_printk_pointer_conversions)
{
	printk("%px|%pK|%p.", 0xabc, 0xabc, 0xabc);
	CHECK(!strcmp(printed(), "0000000000000abc|0xabc|0xabc."));
	printk("%pS %ps %pB", 0x1234, 0x1234, 0x1234);
	CHECK(!strcmp(printed(), "0x1234 0x1234 0x1234"));
	printk("[%pks] [%-6pus]", (uintptr_t)"kern", (uintptr_t)"usr", 0);
	CHECK(!strcmp(printed(), "[kern] [usr   ]"));
	printk("%pks", 0, 0, 0);
	CHECK(!strcmp(printed(), "(efault)"));
	/* a symbol's text takes the width, as Linux's %s of it */
	printk("[%-8ps] [%8pS]", 0x1234, 0x1234, 0);
	CHECK(!strcmp(printed(), "[0x1234  ] [  0x1234]"));
}

TEST(trace_printk_refuses_what_linux_refuses)
{
	CHECK_EQ(printk("%pZ", 0, 0, 0), -EINVAL);
	CHECK_EQ(printk("%pI4", 0, 0, 0), -EINVAL);	/* not here */
	CHECK_EQ(printk("%lp", 0, 0, 0), -EINVAL);
	CHECK_EQ(printk("%n", 0, 0, 0), -EINVAL);
	CHECK_EQ(printk("%f", 0, 0, 0), -EINVAL);
	CHECK_EQ(printk("%d %d %d %d", 1, 2, 3), -EINVAL);
	CHECK_EQ(printk("%lls", 0, 0, 0), -EINVAL);
	/* Linux's flags are 0 + - and a blank, then a width: no %o, no
	 * '#', no precision, no flag after the width */
	CHECK_EQ(printk("%o", 8, 0, 0), -EINVAL);
	CHECK_EQ(printk("%#x", 8, 0, 0), -EINVAL);
	CHECK_EQ(printk("%.2s", (uintptr_t)"abc", 0, 0), -EINVAL);
	CHECK_EQ(printk("%5-d", 8, 0, 0), -EINVAL);
	/* a character neither printable nor a blank */
	CHECK_EQ(printk("a\x01b", 0, 0, 0), -EINVAL);
	/* the whole format is checked, past what fits in the line */
	char fmt[300];
	memset(fmt, 'a', sizeof fmt);
	memcpy(fmt + sizeof fmt - 4, "%n", 3);
	CHECK_EQ(printk(fmt, 0, 0, 0), -EINVAL);
	/* fmt_size must include the NUL */
	const struct bpf_func_proto *p = bpf_helper_proto(6);
	CHECK_EQ((int64_t)p->func((uintptr_t)"abc", 3, 0, 0, 0), -EINVAL);
}

static int64_t
vprintk(const char *fmt, const uint64_t *data, uint64_t data_len)
{
	const struct bpf_func_proto *p = bpf_helper_proto(177);

	eb_trace_clear();
	int64_t r = (int64_t)p->func((uintptr_t)fmt, strlen(fmt) + 1,
				     (uintptr_t)data, data_len, 0);
	last[0] = 0;
	eb_trace_read(keep_last, NULL);
	return r;
}

/* trace_vprintk: trace_printk's conversions with up to 12 arguments
 * from an array; Linux's -EINVAL for a length not a multiple of 8, more
 * than 12, NULL data with a length, or more conversions than data. */
TEST(trace_vprintk_takes_up_to_12_arguments)
{
	const uint64_t a[13] = { 1, (uint64_t)-2, 3, 4, 5, 6, 7, 8, 9, 10,
				 11, 0xc, 13 };
	char want[128];

	CHECK(bpf_helper_proto(177) == &bpf_trace_vprintk_proto);
	int64_t n = vprintk("%d %d %u %u %u %u %u %u %u %u %u %x\n", a,
			    12 * 8);
	snprintf(want, sizeof want, "%d %d %u %u %u %u %u %u %u %u %u %x",
		 1, -2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xc);
	CHECK(!strcmp(printed(), want));
	CHECK_EQ(n, strlen(want) + 1);	/* the format's newline too */
	/* unaligned data: each u64 as it lies */
	uint64_t raw[3] = { 0 };
	memcpy((char *)raw + 4, a, 16);
	vprintk("%d,%d", (const uint64_t *)((char *)raw + 4), 16);
	CHECK(!strcmp(printed(), "1,-2"));
	vprintk("no args", NULL, 0);
	CHECK(!strcmp(printed(), "no args"));
	CHECK_EQ(vprintk("%d", a, 13 * 8), -EINVAL);
	CHECK_EQ(vprintk("%d", a, 12), -EINVAL);
	CHECK_EQ(vprintk("%d", NULL, 8), -EINVAL);
	CHECK_EQ(vprintk("%d %d %d", a, 16), -EINVAL);
	CHECK_EQ(vprintk("%n", a, 8), -EINVAL);
}

/* What a perf event array read gave: records' first words, in order. */
struct perf_seen {
	uint64_t first[1024];
	unsigned n, bad;
	uint64_t lost;
	long stop_after;	/* stop after this many (-1: never) */
};

static int
perf_sample(void *arg, unsigned cpu, const void *data, size_t len)
{
	struct perf_seen *s = arg;
	uint64_t w[5];

	memcpy(w, data, sizeof w);
	s->bad += cpu != 0 || len != sizeof w || w[4] != ~w[0];
	s->first[s->n++ % 1024] = w[0];
	return s->n == s->stop_after ? -1 : 0;
}

static void
perf_lost(void *arg, unsigned cpu, uint64_t n)
{
	((struct perf_seen *)arg)->lost += cpu == 0 ? n : 1000000;
}

/* bpf_perf_event_output(ctx, map, flags, data, size) of a 40-byte
 * record whose first word is seq (and last its complement). */
static int64_t
perf_out(struct bpf_map *m, uint64_t flags, uint64_t seq)
{
	const uint64_t w[5] = { seq, 1, 2, 3, ~seq };

	return (int64_t)bpf_helper_proto(25)->func(0, (uintptr_t)m, flags,
						   (uintptr_t)w, sizeof w);
}

/* A perf event array on the host (one hart, 0): Linux's errors for the
 * flags and slots, a full buffer's records lost and counted (40-byte
 * records: 341 fit in 16 KiB, the next would reach past the end), the
 * reader gets every record written once, in order, across the ring's
 * end (a pad record skipped), stopping where its callback says. */
TEST(perf_event_output_per_hart_buffers)
{
	const struct bpf_map_def def = { BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4,
					 4, 0 };
	const struct bpf_map_def rb = { BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 };
	static struct perf_seen s = { .stop_after = -1 };
	struct eb_bpf_perf_reader rd = { perf_sample, perf_lost, &s };
	struct bpf_map *m, *ring;
	char err[128];
	uint64_t seq = 0;

	CHECK(bpf_helper_proto(25) == &bpf_perf_event_output_proto);
	if (bpf_map_create(&def, "ev", &m, err, sizeof err)) {
		CHECK(!"a perf event array is made");
		return;
	}
	CHECK_EQ(perf_out(m, 1ull << 32, 0), -EINVAL);
	CHECK_EQ(perf_out(m, 4, 0), -E2BIG);
	CHECK_EQ(perf_out(m, 2, 0), -ENOENT);	/* no hart 2 here */
	for (int i = 0; i < 400; i++)
		CHECK_EQ(perf_out(m, i & 1 ? 0 : 0xffffffff, seq++),
			 i < 341 ? 0 : -ENOSPC);
	CHECK_EQ(eb_bpf_perf_event_consume(m, &rd), 341);
	CHECK_EQ(s.lost, 59);
	for (unsigned i = 0; i < 341; i++)
		CHECK_EQ(s.first[i], i);
	/* past the ring's end: the next 300 from its start */
	for (int i = 0; i < 300; i++)
		CHECK_EQ(perf_out(m, 0, seq++), 0);
	s.n = 0;
	s.stop_after = 100;
	CHECK_EQ(eb_bpf_perf_event_consume(m, &rd), 100);
	s.stop_after = -1;
	CHECK_EQ(eb_bpf_perf_event_consume(m, &rd), 200);
	CHECK_EQ(eb_bpf_perf_event_consume(m, &rd), 0);
	CHECK_EQ(s.n, 300);
	for (unsigned i = 0; i < 300; i++)
		CHECK_EQ(s.first[i], 400 + i);
	CHECK_EQ(s.lost, 59);
	CHECK_EQ(s.bad, 0);
	/* as Linux: 4-byte keys and values */
	struct bpf_map_def bad = def;
	bad.value_size = 8;
	CHECK_EQ(bpf_map_create(&bad, "ev", &ring, err, sizeof err), -EINVAL);
	CHECK(strstr(err, "key_size and value_size must be 4"));
	CHECK_EQ(bpf_map_create(&rb, "rb", &ring, err, sizeof err), 0);
	CHECK_EQ(eb_bpf_perf_event_consume(ring, &rd), -EINVAL);
	bpf_map_free(ring);
	bpf_map_free(m);
}

/* The small ones, with Linux's gpl_only: probe_read_str (the old name
 * of probe_read_kernel_str), get_current_uid_gid (0, root's, outside a
 * task too, as Linux's swapper: the host port has none), jiffies64 and ktime_get_coarse_ns
 * (EB_PORT_HZ ticks of the port's clock), get_attach_cookie. */
TEST(small_helpers)
{
	const uint64_t tick = 1000000000ull / EB_PORT_HZ;
	const struct bpf_func_proto *str = bpf_helper_proto(45);
	char buf[8];

	if (!CHECK(str == &bpf_probe_read_str_proto))
		return;
	CHECK(str->gpl_only);
	CHECK_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf,
				    (uintptr_t)"hello", 0, 0), 6);
	CHECK(!strcmp(buf, "hello"));
	CHECK_EQ(bpf_helper_proto(15)->func(0, 0, 0, 0, 0), 0);
	uint64_t t0 = eb_port_time_ns();
	uint64_t j = bpf_helper_proto(118)->func(0, 0, 0, 0, 0);
	uint64_t c = bpf_helper_proto(160)->func(0, 0, 0, 0, 0);
	uint64_t t1 = eb_port_time_ns();
	CHECK(t0 / tick <= j && j <= t1 / tick);
	CHECK(c % tick == 0 && t0 / tick * tick <= c && c <= t1);
	static const int ids[] = { 15, 118, 160, 174 };
	static const struct bpf_func_proto *const protos[] = {
		&bpf_get_current_uid_gid_proto, &bpf_jiffies64_proto,
		&bpf_ktime_get_coarse_ns_proto, &bpf_get_attach_cookie_proto };
	for (int i = 0; i < 4; i++) {
		const struct bpf_func_proto *p = bpf_helper_proto(ids[i]);
		CHECK(p == protos[i] && !p->gpl_only);
	}
}

/*
 * trace_vprintk given a lookup's map value before its null check (the
 * verifier lets NULL through, as Linux): a missing key's NULL with 8
 * bytes is -EINVAL at run time, a present one's value printed; both
 * backends.
 */
TEST(trace_vprintk_maybe_null_data_runs)
{
	static const struct bpf_map_def def = { BPF_MAP_TYPE_HASH, 8, 8, 4, 0 };
	static const char text[] =
		"stdw [%r10-8], 0\nmov %r2, %r10\nadd %r2, -8\n"
		"lddw %r1, map_idx(0)\ncall 1\nmov %r3, %r0\n"
		"stdw [%r10-16], 0x0a6425\nmov %r1, %r10\nadd %r1, -16\n"
		"mov %r2, 4\nmov %r4, 8\ncall 177\nexit\n";
	const uint64_t key = 0, value = 4321;
	struct bpf_map *m;
	char err[256];

	if (!CHECK(bpf_map_create(&def, "v", &m, err, sizeof err) == 0))
		return;
	struct bpf_verifier_env env = { .ctx_size = 8, .maps = &m, .nr_maps = 1 };
	uint64_t ctx = 0;

	for (int jit = 0; jit < 2; jit++) {
		struct bpf_prog *p = host_bpf_load(text, &env,
						   BPF_PROG_TYPE_KPROBE, jit, err);

		if (!CHECK(p)) {
			printf("  %s\n", err);
			break;
		}
		CHECK_EQ((int64_t)bpf_prog_run(p, &ctx), -EINVAL);
		CHECK_EQ(bpf_map_update_elem(m, &key, &value, BPF_ANY), 0);
		eb_trace_clear();
		CHECK(bpf_prog_run(p, &ctx) > 0);
		eb_trace_read(keep_last, NULL);
		CHECK(!strcmp(printed(), "4321"));
		CHECK_EQ(bpf_map_delete_elem(m, &key), 0);
		bpf_prog_free(p);
	}
	bpf_map_free(m);
}

/* A point of the test's: its links run when the test runs them. */
static int
cookie_attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	return 0;
}

static void
cookie_detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
}

static const struct eb_bpf_attach_ops cookie_ops = {
	.attach = cookie_attach, .detach = cookie_detach,
};

#define NEST_ID	200	/* the test's helper: no Linux helper has it */

static struct bpf_link *nested;	/* what NEST_ID's "interrupt" runs */

/* Helper NEST_ID: an interrupt arriving on this hart while a program
 * runs, whose handler runs nested's program (as a kprobe's or a
 * tracepoint's in an interrupt does). */
static uint64_t
nest(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	struct pt_regs regs = { 0 };

	return eb_bpf_link_run(nested, &regs);
}

static const struct bpf_func_proto nest_proto = {
	.func = nest, .ret_type = RET_INTEGER,
};

static const struct bpf_func_proto *
nest_protos(uint32_t id)
{
	return id == NEST_ID ? &nest_proto : bpf_helper_proto(id);
}

/* Attaches p to the test's point, its events source's (a program is
 * attached once to each), with cookie: whether it did (*link), having
 * said why not. */
static bool
cookie_link(struct bpf_prog *p, void *source, uint64_t cookie,
	    struct bpf_link **link)
{
	struct eb_bpf_attach_point point = {
		.name = "cookie", .prog_type = BPF_PROG_TYPE_KPROBE,
		.ctx_size = sizeof(struct pt_regs), .ops = &cookie_ops,
		.target = source, .cookie = cookie,
	};
	char err[256];

	if (CHECK(eb_bpf_attach(p, &point, link, err, sizeof err) == 0))
		return true;
	printf("  %s\n", err);
	return false;
}

/* A kprobe program of text, attached to the test's point with cookie
 * (*link), or NULL. */
static struct bpf_prog *
cookie_prog(const char *text, bool jit, uint64_t cookie,
	    struct bpf_link **link)
{
	struct bpf_verifier_env env = {
		.ctx_size = sizeof(struct pt_regs), .get_func_proto = nest_protos,
	};
	char err[256];
	struct bpf_prog *p = host_bpf_load(text, &env, BPF_PROG_TYPE_KPROBE,
					   jit, err);

	if (!CHECK(p))
		return NULL;
	if (!cookie_link(p, NULL, cookie, link)) {
		bpf_prog_free(p);
		return NULL;
	}
	return p;
}

/* One program on two links with their own cookies (libbpf's bpf_cookie,
 * a program on two functions): each link's runs read its own, in any
 * order; a run of no link reads 0. Both backends. */
TEST(each_link_of_a_program_reads_its_own_cookie)
{
	static const uint64_t cookies[2] = { 0xa11ce, 0xfedcba9876543210 };
	static char second_source;	/* the first's is NULL */
	struct pt_regs regs = { 0 };

	for (int jit = 0; jit < 2; jit++) {
		struct bpf_link *second;
		struct bpf_link *first;
		struct bpf_prog *p = cookie_prog("call 174\nexit\n", jit,
						 cookies[0], &first);

		if (!p)
			continue;
		if (cookie_link(p, &second_source, cookies[1], &second)) {
			CHECK_EQ(eb_bpf_link_run(second, &regs), cookies[1]);
			CHECK_EQ(eb_bpf_link_run(first, &regs), cookies[0]);
			CHECK_EQ(eb_bpf_link_run(second, &regs), cookies[1]);
			eb_bpf_detach(second);
		}
		CHECK_EQ(bpf_prog_run(p, &regs), 0);
		eb_bpf_detach(first);
		bpf_prog_free(p);
	}
}

/*
 * A run nested in another on the same hart (an interrupt's program in a
 * bpf_prog_run, or in a link's run) leaves the outer run's cookie as it
 * was, as Linux's bpf_reset_run_ctx restores the run context: the outer
 * program reads its own after the inner one ran, both backends.
 */
TEST(attach_cookie_kept_across_a_nested_run)
{
	static const char outer_text[] = "mov %r6, %r1\ncall 200\n"
		"mov %r7, %r0\nmov %r1, %r6\ncall 174\n"
		"jeq %r7, 7, out\nmov %r0, -1\nout:\nexit\n";
	struct pt_regs regs = { 0 };

	for (int jit = 0; jit < 2; jit++) {
		struct bpf_link *outer_link;
		struct bpf_prog *inner = cookie_prog("call 174\nexit\n", jit, 7,
						     &nested);
		struct bpf_prog *outer = inner ?
			cookie_prog(outer_text, jit, 5, &outer_link) : NULL;

		if (outer) {
			CHECK_EQ(bpf_prog_run(outer, &regs), 0);
			CHECK_EQ(eb_bpf_link_run(outer_link, &regs), 5);
			eb_bpf_detach(outer_link);
			bpf_prog_free(outer);
		}
		if (inner) {
			eb_bpf_detach(nested);
			bpf_prog_free(inner);
		}
	}
}

TEST(string_and_task_helpers)
{
	const struct bpf_func_proto *str = bpf_helper_proto(115);
	const struct bpf_func_proto *comm = bpf_helper_proto(16);
	const struct bpf_func_proto *pid = bpf_helper_proto(14);
	char buf[8];

	CHECK_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf,
				    (uintptr_t)"hello", 0, 0), 6);
	CHECK(!strcmp(buf, "hello"));
	CHECK_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf,
				    (uintptr_t)"truncated", 0, 0), 8);
	CHECK(!strcmp(buf, "truncat"));
	CHECK_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf, 0, 0, 0),
		 -EFAULT);
	CHECK(buf[0] == 0);
	memset(buf, 'x', sizeof buf);
	CHECK_EQ(comm->func((uintptr_t)buf, sizeof buf, 0, 0, 0), 0);
	CHECK(!strcmp(buf, "host"));	/* the host port's task */
	CHECK(buf[7] == 0);		/* zero-padded */
	CHECK_EQ(pid->func(0, 0, 0, 0, 0), 1ull << 32 | 1);
	CHECK(bpf_helper_proto(125) && bpf_helper_proto(125)->func(0, 0, 0, 0, 0));
}

/* The user-memory reads (112, 114) go through eb_port_read_user_nofault,
 * the host port's own memory: a fault gives -EFAULT, the buffer zeroed. */
TEST(user_memory_helpers)
{
	const struct bpf_func_proto *rd = bpf_helper_proto(112);
	const struct bpf_func_proto *str = bpf_helper_proto(114);
	char buf[8];

	if (!CHECK(rd && str))
		return;
	CHECK(rd->gpl_only && str->gpl_only);
	CHECK_EQ((int64_t)rd->func((uintptr_t)buf, 4, (uintptr_t)"abc", 0, 0), 0);
	CHECK(!strcmp(buf, "abc"));
	CHECK_EQ((int64_t)rd->func((uintptr_t)buf, 4, 0, 0, 0), -EFAULT);
	CHECK(!memcmp(buf, "\0\0\0\0", 4));
	CHECK_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf,
				    (uintptr_t)"user", 0, 0), 5);
	CHECK(!strcmp(buf, "user"));
	CHECK_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf, 0, 0, 0),
		 -EFAULT);
	CHECK(buf[0] == 0);
}

/* A cgroup array, as libbpf-tools declare one for their cgroup filter:
 * made with 4-byte keys and values (others refused, as Linux), no
 * element to look up or set (no cgroups here), and
 * bpf_current_task_under_cgroup says what Linux's says of an empty
 * slot, -EAGAIN, and -E2BIG past the array. */
TEST(cgroup_array_has_empty_slots)
{
	const struct bpf_map_def def = { BPF_MAP_TYPE_CGROUP_ARRAY, 4, 4, 2, 0 };
	const struct bpf_func_proto *p = bpf_helper_proto(37);
	struct bpf_map_def bad = def;
	struct bpf_map *m;
	uint32_t k = 0, v = 3;
	char err[128];

	if (!CHECK(p) || bpf_map_create(&def, "cg", &m, err, sizeof err)) {
		CHECK(!"a cgroup array and its helper");
		return;
	}
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_current_task_under_cgroup), "current_task_under_cgroup"));
	CHECK_EQ((int64_t)p->func((uintptr_t)m, 0, 0, 0, 0), -EAGAIN);
	CHECK_EQ((int64_t)p->func((uintptr_t)m, 1, 0, 0, 0), -EAGAIN);
	CHECK_EQ((int64_t)p->func((uintptr_t)m, 2, 0, 0, 0), -E2BIG);
	CHECK(!bpf_map_lookup_elem(m, &k));
	CHECK_EQ(bpf_map_update_elem(m, &k, &v, BPF_ANY), -EINVAL);
	bpf_map_free(m);
	bad.value_size = 8;
	CHECK_EQ(bpf_map_create(&bad, "cg", &m, err, sizeof err), -EINVAL);
	CHECK(!strcmp(err, "cgroup array: key_size and value_size must be 4 (4, 8)"));
}
