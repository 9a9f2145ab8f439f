/*
 * The tracing helpers (Linux's ids and semantics): the running task,
 * strings from unsafe pointers, and bpf_trace_printk into the trace ring.
 */
/* Each helper takes all five registers, the signature the interpreter
 * calls; most read fewer. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>
#include "bpf/helpers.h"
#include "bpf/prog.h"

/* get_current_pid_tgid(): tgid << 32 | pid. A process here has one
 * thread, so both are its pid (0 outside any process). */
static uint64_t
get_current_pid_tgid(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		     uint64_t r5)
{
	char comm[EB_TRACE_COMM_LEN] __attribute__((aligned(8)));
	uint64_t pid = (uint32_t)eb_port_current(comm, sizeof comm);

	return pid << 32 | pid;
}

const struct bpf_func_proto bpf_get_current_pid_tgid_proto = {
	.func = get_current_pid_tgid,
	.ret_type = RET_INTEGER,
};

/* get_current_uid_gid(): gid << 32 | uid. This kernel has no users:
 * everything runs as root, 0; outside any task too, where pid_tgid
 * says 0 and comm swapper, as Linux's swapper has root's ids (Linux's
 * -EINVAL is for no current task, which never happens there). */
static uint64_t
get_current_uid_gid(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		    uint64_t r5)
{
	return 0;
}

const struct bpf_func_proto bpf_get_current_uid_gid_proto = {
	.func = get_current_uid_gid,
	.ret_type = RET_INTEGER,
};

/* get_attach_cookie(ctx): the cookie the running program's link was
 * attached with (eb_bpf_attach_point; eb_bpf_link_run keeps it for the
 * hart, through tail calls too), 0 in a run of no link (bpf_prog_run). */
static uint64_t
get_attach_cookie(uint64_t ctx, uint64_t r2, uint64_t r3, uint64_t r4,
		  uint64_t r5)
{
	return *bpf_run_cookie();
}

const struct bpf_func_proto bpf_get_attach_cookie_proto = {
	.func = get_attach_cookie,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX },
};

/* get_current_task(): the host's task object (eb_port_current_task), a
 * number to the program, as Linux's. */
static uint64_t
get_current_task(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		 uint64_t r5)
{
	return (uintptr_t)eb_port_current_task();
}

const struct bpf_func_proto bpf_get_current_task_proto = {
	.func = get_current_task,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
};

/* get_current_task_btf(): the same pointer, typed: the host's task
 * struct in its BTF (EB_PORT_TASK_STRUCT), which a program loads through
 * directly, fault-safe (NULL outside any task: its loads read 0; Linux's
 * current is never NULL). Only where the host names that struct. */
#ifdef EB_PORT_TASK_STRUCT
static const struct bpf_func_proto get_current_task_btf_proto = {
	.func = get_current_task,
	.gpl_only = true,
	.ret_type = RET_PTR_TO_BTF_ID,
	.ret_btf_struct = EB_PORT_TASK_STRUCT,
};

const struct bpf_func_proto *const bpf_get_current_task_btf_proto =
	&get_current_task_btf_proto;
#else
const struct bpf_func_proto *const bpf_get_current_task_btf_proto = NULL;
#endif

/* get_current_comm(buf, size): the task's name, NUL-terminated and cut to
 * size (zero-padded, as Linux's strscpy_pad); 0. */
static uint64_t
get_current_comm(uint64_t buf, uint64_t size, uint64_t r3, uint64_t r4,
		 uint64_t r5)
{
	char comm[EB_TRACE_COMM_LEN] __attribute__((aligned(8)));
	char *dst = (char *)(uintptr_t)buf;
	size_t i = 0;

	eb_port_current(comm, sizeof comm);
	for (; i + 1 < size && i + 1 < sizeof comm && comm[i]; i++)
		dst[i] = comm[i];
	for (; i < size; i++)
		dst[i] = 0;
	return 0;
}

const struct bpf_func_proto bpf_get_current_comm_proto = {
	.func = get_current_comm,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE },
};

/* Copy the string at unsafe src (in user memory if user) into dst
 * (size > 0 bytes, NUL-terminated, cut to fit): its length with the
 * NUL, or -EFAULT with dst zeroed. */
static long
read_str(char *dst, uint64_t size, uint64_t src, bool user)
{
	for (uint64_t i = 0; i < size; i++) {
		const void *at = (const void *)(uintptr_t)(src + i);

		if (user ? eb_port_read_user_nofault(&dst[i], at, 1)
			 : eb_port_read_nofault(&dst[i], at, 1)) {
			memset(dst, 0, size);
			return -EFAULT;
		}
		if (!dst[i] || i + 1 == size) {
			dst[i] = 0;
			return i + 1;
		}
	}
	return 0;	/* size 0: nothing to read */
}

/* probe_read_kernel_str(dst, size, unsafe_ptr) */
static uint64_t
probe_read_kernel_str(uint64_t dst, uint64_t size, uint64_t src, uint64_t r4,
		      uint64_t r5)
{
	return read_str((char *)(uintptr_t)dst, size, src, false);
}

const struct bpf_func_proto bpf_probe_read_kernel_str_proto = {
	.func = probe_read_kernel_str,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

/* probe_read_str(dst, size, unsafe_ptr): the old name, which Linux
 * keeps for kernel addresses too. */
const struct bpf_func_proto bpf_probe_read_str_proto = {
	.func = probe_read_kernel_str,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

/* probe_read_user_str(dst, size, unsafe_ptr): the same from the process's
 * memory. */
static uint64_t
probe_read_user_str(uint64_t dst, uint64_t size, uint64_t src, uint64_t r4,
		    uint64_t r5)
{
	return read_str((char *)(uintptr_t)dst, size, src, true);
}

const struct bpf_func_proto bpf_probe_read_user_str_proto = {
	.func = probe_read_user_str,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

/* ktime_get_boot_ns(): this kernel never suspends, so boot time is the
 * monotonic clock. */
static uint64_t
ktime_get_boot_ns(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		  uint64_t r5)
{
	return eb_port_time_ns();
}

const struct bpf_func_proto bpf_ktime_get_boot_ns_proto = {
	.func = ktime_get_boot_ns,
	.ret_type = RET_INTEGER,
};

#define NSEC_PER_TICK	(1000000000ull / EB_PORT_HZ)

/* jiffies64(): the host's ticks (EB_PORT_HZ a second) since boot, from
 * its clock (Linux's jiffies start 5 minutes short of a 32-bit wrap;
 * programs take differences). */
static uint64_t
jiffies64(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return eb_port_time_ns() / NSEC_PER_TICK;
}

const struct bpf_func_proto bpf_jiffies64_proto = {
	.func = jiffies64,
	.ret_type = RET_INTEGER,
};

/* ktime_get_coarse_ns(): the monotonic clock at the last tick, as
 * Linux's coarse clock (updated each tick). */
static uint64_t
ktime_get_coarse_ns(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		    uint64_t r5)
{
	uint64_t t = eb_port_time_ns();

	return t - t % NSEC_PER_TICK;
}

const struct bpf_func_proto bpf_ktime_get_coarse_ns_proto = {
	.func = ktime_get_coarse_ns,
	.ret_type = RET_INTEGER,
};

/* The string at unsafe src (in user memory if user) by spec, "(efault)"
 * if it cannot be read; what eb_snprintf returns. */
static int
print_str(char *out, size_t room, const char *spec, uint64_t src, bool user)
{
	char str[64];

	if (read_str(str, sizeof str, src, user) < 0)
		eb_snprintf(str, sizeof str, "(efault)");
	return eb_snprintf(out, room, spec, str);
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* The function holding addr by spec (its flags and width, then 's'):
 * how 's' its name, 'S' and +offset/size, 'B' those of the call before
 * return address addr (as Linux); addr in hex if in none. What
 * eb_snprintf returns. */
static int
print_symbol(char *out, size_t room, const char *spec, uint64_t addr,
	     char how)
{
	char text[128];
	uintptr_t start;
	size_t size;
	const char *sym = eb_port_symbol_name(addr - (how == 'B'), &start,
					      &size);

	if (!sym)
		eb_snprintf(text, sizeof text, "0x%lx", (unsigned long)addr);
	else if (how == 's')
		eb_snprintf(text, sizeof text, "%s", sym);
	else
		eb_snprintf(text, sizeof text, "%s+0x%lx/0x%lx", sym,
			    (unsigned long)(addr - start), (unsigned long)size);
	return eb_snprintf(out, room, spec, text);
}

/*
 * A %p conversion of arg by spec (its flags and width, then 's'), *f
 * just past the 'p', moved past the extension it reads, as Linux's
 * bpf_trace_printk: %px raw hex, %pK and %p (before a space,
 * punctuation or the end) the address, %ps %pS %pB a symbol (name; and
 * +offset/size), %pks %pus a string in kernel or user memory. Returns
 * what eb_snprintf does, or -1 for another extension (%pI4 is not here).
 */
static int
convert_pointer(const char **f, char *spec, uint64_t arg, char *out,
		size_t room)
{
	const char *p = *f;

	if ((p[0] == 'k' || p[0] == 'u') && p[1] == 's') {
		*f = p + 2;
		return print_str(out, room, spec, arg, p[0] == 'u');
	}
	if (*p == 'x' || *p == 'K' || *p == 's' || *p == 'S' || *p == 'B')
		*f = p + 1;
	else if (is_alnum(*p))
		return -1;
	if (*p == 'x')
		return eb_snprintf(out, room, "%016lx", (unsigned long)arg);
	if (*p == 's' || *p == 'S' || *p == 'B')
		return print_symbol(out, room, spec, arg, *p);
	return eb_snprintf(out, room, "0x%lx", (unsigned long)arg);
}

/*
 * One conversion of a trace_printk format at *f (just past its '%') with
 * argument arg, appended to out[*n..size): Linux's set (d i u x X c s p
 * and its extensions, with the flags 0 + - and blank, then a width, and
 * the l and ll lengths); %s reads an unsafe string. False for anything
 * else (%n, %f, %o, '#', a precision, a bad length).
 */
static bool
convert(const char **f, uint64_t arg, char *out, size_t *n, size_t size)
{
	char spec[16] = "%";
	size_t k = 1;
	const char *p = *f;
	unsigned longs = 0;

	while (k < 10 && (*p == '0' || *p == '+' || *p == '-' || *p == ' '))
		spec[k++] = *p++;
	while (k < 10 && *p >= '0' && *p <= '9')
		spec[k++] = *p++;
	while (*p == 'l' && longs < 2)
		longs++, p++;
	char c = *p;
	*f = *p ? p + 1 : p;
	bool number = c == 'd' || c == 'i' || c == 'u' || c == 'x' ||
		      c == 'X';
	if (k >= 10 || !(number || (!longs && (c == 's' || c == 'c' ||
					       c == 'p'))))
		return false;
	if (number)
		spec[k++] = 'l';	/* every number goes as a long */
	/* %c and %p print text: as %s, which takes the width */
	spec[k++] = c == 'p' || c == 'c' ? 's' : c;
	spec[k] = 0;
	size_t room = size - *n;
	int w;
	if (c == 's') {
		w = print_str(out + *n, room, spec, arg, false);
	} else if (c == 'c') {
		w = eb_snprintf(out + *n, room, spec, (char[2]){ (char)arg });
	} else if (c == 'p') {
		if ((w = convert_pointer(f, spec, arg, out + *n, room)) < 0)
			return false;
	} else if (c == 'd' || c == 'i') {
		w = eb_snprintf(out + *n, room, spec,
				longs ? (long)arg : (long)(int32_t)arg);
	} else {
		w = eb_snprintf(out + *n, room, spec,
				longs ? (unsigned long)arg
				      : (unsigned long)(uint32_t)arg);
	}
	*n += (size_t)w < room ? (size_t)w : room - 1;
	return true;
}

/* Linux's test of a format's characters: printable ASCII or a blank. */
static bool
fmt_char_ok(char c)
{
	return (c >= ' ' && c <= '~') || (c >= '\t' && c <= '\r');
}

/*
 * A line in the trace ring from format fmt (fmt_size bytes) and its
 * nargs arguments, as Linux's `bpf_trace_printk: TEXT` (a trailing
 * newline dropped: a record is a line). Returns the length of the text
 * the format made, newline included, as Linux's (bstr_printf's; at most
 * a line's room here), or -EINVAL for a format Linux refuses (no NUL in fmt_size, a character
 * neither printable nor a blank, an unknown conversion, more
 * conversions than nargs).
 */
static uint64_t
printk_line(const char *f, uint64_t fmt_size, const uint64_t *args,
	    unsigned nargs)
{
	char line[EB_TRACE_TEXT_MAX];
	const size_t prefix = eb_snprintf(line, sizeof line, "bpf_trace_printk: ");
	size_t n = prefix, text;
	unsigned used = 0;

	if (!fmt_size || f[fmt_size - 1])
		return (uint64_t)-EINVAL;
	/* To its end, past a full line: Linux checks the whole format */
	while (*f) {
		if (!fmt_char_ok(*f))
			return (uint64_t)-EINVAL;
		if (*f != '%' || f[1] == '%') {
			if (n + 1 < sizeof line)
				line[n++] = *f;
			f += *f == '%' ? 2 : 1;
			continue;
		}
		f++;
		if (used == nargs || !convert(&f, args[used++], line, &n,
					      sizeof line))
			return (uint64_t)-EINVAL;
	}
	text = n - prefix;
	if (n > prefix && line[n - 1] == '\n')
		n--;
	line[n] = 0;
	eb_trace_write(line);
	return text;
}

/* trace_printk(fmt, fmt_size, arg1, arg2, arg3): printk_line with at
 * most 3 conversions (Linux's MAX_TRACE_PRINTK_VARARGS). */
static uint64_t
trace_printk(uint64_t fmt, uint64_t fmt_size, uint64_t a1, uint64_t a2,
	     uint64_t a3)
{
	const uint64_t args[3] = { a1, a2, a3 };

	return printk_line((const char *)(uintptr_t)fmt, fmt_size, args, 3);
}

const struct bpf_func_proto bpf_trace_printk_proto = {
	.func = trace_printk,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	/* As Linux's: r3-r5 are unchecked, the format says which it reads
	 * (a program may leave them unset). */
	.arg_type = { ARG_PTR_TO_MEM, ARG_CONST_SIZE },
};

/* Linux's MAX_BPRINTF_VARARGS: trace_vprintk's most arguments. */
#define MAX_BPRINTF_VARARGS	12

/*
 * trace_vprintk(fmt, fmt_size, data, data_len): trace_printk with its
 * arguments in data, data_len / 8 u64s (libbpf's bpf_printk with more
 * than 3). -EINVAL, as Linux, for data_len not a multiple of 8 or over
 * 12 arguments, data NULL with data_len > 0, or a format printk_line
 * refuses; else the bytes of the line.
 */
static uint64_t
trace_vprintk(uint64_t fmt, uint64_t fmt_size, uint64_t data,
	      uint64_t data_len, uint64_t r5)
{
	uint64_t args[MAX_BPRINTF_VARARGS];

	if (data_len & 7 || data_len > sizeof args || (data_len && !data))
		return (uint64_t)-EINVAL;
	/* a copy: the program's array may be anywhere, unaligned too */
	memcpy(args, (const void *)(uintptr_t)data, data_len);
	return printk_line((const char *)(uintptr_t)fmt, fmt_size, args,
			   data_len / 8);
}

const struct bpf_func_proto bpf_trace_vprintk_proto = {
	.func = trace_vprintk,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_MEM, ARG_CONST_SIZE, ARG_PTR_TO_MEM_OR_NULL,
		      ARG_CONST_SIZE_OR_ZERO },
};
