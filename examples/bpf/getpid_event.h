/*
 * What the events and perfbuf examples send for each getpid syscall:
 * the caller's pid, the syscall's number and the caller's name, from
 * raw_syscalls/sys_enter's record.
 */
struct event {
	__u32 pid;
	__u32 nr;
	char comm[16];
};

struct sys_enter {
	__u64 header;
	__u64 id;
	__u64 args[6];
};

/* Fills *e for the syscall ctx enters: 1 for a getpid, 0 (e not
 * filled) for another. */
static __always_inline int
getpid_event(const struct sys_enter *ctx, struct event *e)
{
	if (ctx->id != 172)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->nr = ctx->id;
	bpf_get_current_comm(e->comm, sizeof e->comm);
	return 1;
}
