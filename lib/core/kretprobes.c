/*
 * kretprobes: a kprobe at a function's entry swaps the return address
 * (ra) for a trampoline, and the return through the trampoline runs the
 * handler and goes on to the real return address.
 *
 * Instances are named by address, not by hart: trampoline i (the arch's
 * array of jumps, lib/arch/riscv/kretprobe_trampoline.S) belongs to one
 * instance for the life of its pool, so the address a call returns to
 * finds its instance however deep the recursion, on whatever hart, and
 * after the call was suspended and resumed elsewhere.
 *
 * Each kretprobe has a pool of maxactive instances, reserved with their
 * trampolines at registration. The hit path takes no lock and allocates
 * nothing: a free instance comes off a lock-free stack at entry and goes
 * back at return. Unregistration disowns the pool: calls in flight still
 * return through their trampolines (to the right place, without a
 * handler) and the pool is freed once all of them came back.
 *
 * Concurrency: registration calls are serialized by kretprobe_lock (taken
 * before kprobe_lock, never inside it). The trampoline owner table is
 * written under it before the kprobe that hands the trampolines out is
 * armed, and cleared only when the pool is freed with no call in flight.
 */
#include "kprobes_internal.h"
#include "bitops.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/lock.h>
#include "kretprobe_arch.h"

/* The arch's trampolines. */
extern char kretprobe_trampolines[], kretprobe_trampolines_end[];
#define TRAMP_SIZE KRETPROBE_TRAMP_SIZE
#define NTRAMP EB_KRETPROBE_TRAMPOLINES
_Static_assert(NTRAMP > 0 && NTRAMP % 64 == 0,
	       "EB_KRETPROBE_TRAMPOLINES fills whole words of tramp_used");

struct kretprobe_pool {
	struct kretprobe *rp;		/* NULL once disowned */
	/* Free stack: low 32 bits the top instance's index + 1 (0: empty),
	 * high 32 a count of changes, so a stale compare-and-swap fails
	 * (ABA) when another hart popped and pushed in between. */
	uint64_t free;
	unsigned ninst;
	size_t isize;			/* bytes per instance */
	struct kretprobe_pool *next;	/* disowned list */
	char *insts;
};

static struct kretprobe_instance *owner[NTRAMP];	/* per trampoline */
static uint64_t tramp_used[(NTRAMP + 63) / 64];	/* bit per trampoline */
static size_t tramp_nfree = NTRAMP;
static struct kretprobe_pool *disowned;
static struct eb_spinlock kretprobe_lock = EB_SPINLOCK_INIT;

static void
lock(void)
{
	eb_spin_lock(&kretprobe_lock);
}

static void
unlock(void)
{
	eb_spin_unlock(&kretprobe_lock);
}

static inline struct kretprobe_instance *
instance(struct kretprobe_pool *pool, uint32_t i)
{
	return (struct kretprobe_instance *)(pool->insts + i * pool->isize);
}

/* Trampoline number of a trampoline address. */
static inline size_t
tramp_index(uintptr_t addr)
{
	return (addr - (uintptr_t)kretprobe_trampolines) / TRAMP_SIZE;
}

/* --- the free stack (any hart, interrupts off) ------------------------ */

static inline struct kretprobe_instance *
pop(struct kretprobe_pool *pool)
{
	uint64_t old = __atomic_load_n(&pool->free, __ATOMIC_ACQUIRE), new;
	struct kretprobe_instance *ri;

	do {
		uint32_t top = (uint32_t)old;
		if (!top)
			return NULL;
		ri = instance(pool, top - 1);
		/* Stale if another hart took ri meanwhile: the count in
		 * pool->free changed too, and the swap fails. */
		uint32_t next = __atomic_load_n(&ri->next_free, __ATOMIC_RELAXED);
		new = ((old >> 32) + 1) << 32 | next;
	} while (!__atomic_compare_exchange_n(&pool->free, &old, new, true,
					      __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE));
	return ri;
}

/* Give ri back; the last access to the pool (it may be freed after). */
static inline void
push(struct kretprobe_pool *pool, struct kretprobe_instance *ri)
{
	uint64_t old = __atomic_load_n(&pool->free, __ATOMIC_RELAXED), new;

	do {
		__atomic_store_n(&ri->next_free, (uint32_t)old, __ATOMIC_RELAXED);
		new = ((old >> 32) + 1) << 32 | ri->self;
	} while (!__atomic_compare_exchange_n(&pool->free, &old, new, true,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* --- the hit path ----------------------------------------------------- */

/* The entry kprobe's pre handler: take an instance, run entry_handler,
 * send the return through the instance's trampoline. Trap context. */
static int
pre_handler_kretprobe(struct kprobe *p, struct pt_regs *regs)
{
	struct kretprobe *rp = (struct kretprobe *)((char *)p -
				offsetof(struct kretprobe, kp));
	struct kretprobe_pool *pool = rp->pool;

	struct eb_cpu *cpu = this_eb_cpu();
	struct kretprobe_ctlblk *kret = &cpu->kret;

	/* A call from a return handler goes untraced: the entry side has
	 * the kprobe's own recursion check, the return side is no kprobe.
	 * So does one from a guarded handler (an async probe's, guard.h),
	 * which kprobes do not count as a handler: abandoned after a fault,
	 * it would never return its instance, nor let its pool be freed. */
	if (kret->ri || cpu->guard) {
		__atomic_fetch_add(&p->nmissed, 1, __ATOMIC_RELAXED);
		return 0;
	}
	struct kretprobe_instance *ri = pop(pool);
	if (!ri) {
		__atomic_fetch_add(&rp->nmissed, 1, __ATOMIC_RELAXED);
		return 0;
	}
	ri->ret_addr = regs->ra;
	if (rp->entry_handler) {
		kret->entry_ri = ri;	/* back to the pool if it faults */
		int skip = rp->entry_handler(ri, regs);
		kret->entry_ri = NULL;
		if (skip) {
			push(pool, ri);
			return 0;
		}
	}
	regs->ra = ri->tramp;
	return 0;
}

const struct kretprobe *
kprobe_kretprobe(const struct kprobe *p)
{
	if (p->pre_handler != pre_handler_kretprobe)
		return NULL;
	return (const struct kretprobe *)((const char *)p -
					  offsetof(struct kretprobe, kp));
}

/* The kprobe core abandoned a faulting pre handler on this hart: if it
 * was an entry_handler, its instance goes back to the pool. */
void
kretprobe_entry_abandoned(void)
{
	struct kretprobe_ctlblk *kret = &this_eb_cpu()->kret;
	struct kretprobe_instance *ri = kret->entry_ri;

	if (ri) {
		kret->entry_ri = NULL;
		push(ri->pool, ri);
	}
}

/*
 * Called by the arch's trampoline with the registers at the return and
 * the trampoline the call returned to, interrupts off. Runs the handler
 * (unless the kretprobe is gone), frees the instance, and sets regs->epc
 * and regs->ra to the real return address, where the trampoline goes on.
 * Any hart.
 */
void
kretprobe_trampoline_handler(struct pt_regs *regs, uintptr_t slot)
{
	/* Relaxed: the owner table and the pool were written before the
	 * kprobe that handed out this trampoline was armed (stop_machine),
	 * and disowning is followed by a grace period. */
	struct kretprobe_instance *ri = __atomic_load_n(&owner[tramp_index(slot)],
							__ATOMIC_RELAXED);
	struct kretprobe_pool *pool = ri->pool;
	struct kretprobe *rp = __atomic_load_n(&pool->rp, __ATOMIC_RELAXED);

	/* Like Linux: the handler sees the real return address as the pc,
	 * so a stack trace from regs starts in the caller. */
	regs->epc = regs->ra = ri->ret_addr;
	if (rp && rp->handler) {
		struct kretprobe_ctlblk *kret = &this_eb_cpu()->kret;
		kret->regs = regs;
		kret->lock_depth = eb_port_lock_depth();
		kret->rp = rp;
		kret->ri = ri;
		rp->handler(ri, regs);
		kret->ri = NULL;
	}
	push(pool, ri);
}

/*
 * A kernel exception nothing else fixed: if this hart is in a return
 * handler, abandon it like a faulting kprobe handler. The call counts in
 * kp.nmissed, its instance goes back, and the fault returns where the
 * trampoline would have gone, with the registers of the return (and the
 * handler's changes to them so far). False if not ours, or if the
 * handler took a lock since it began: abandoning it would leave the lock
 * held, so the kernel had better stop.
 */
bool
kretprobe_handler_faulted(struct pt_regs *regs)
{
	struct kretprobe_ctlblk *kret = &this_eb_cpu()->kret;
	struct kretprobe_instance *ri = kret->ri;

	if (!ri)
		return false;
	/* Not ri->pool->rp: an unregister on another hart may have
	 * disowned the pool already (its grace period waits for us). */
	struct kretprobe *rp = kret->rp;
	struct eb_unwind_regs u;	/* the trampoline's frame is partial */
	struct handler_fault f = { "return handler of the kretprobe on",
				   (uintptr_t)rp->kp.addr, "call", regs,
				   kret->lock_depth, (uintptr_t)kret->regs };
	if (!kprobe_abandon_called_handler(&f, &u))
		return false;
	__atomic_fetch_add(&rp->kp.nmissed, 1, __ATOMIC_RELAXED);
	kretprobe_resume(regs, kret->regs, &u);
	kret->ri = NULL;
	push(ri->pool, ri);
	return true;
}

unsigned long
get_kretprobe_retaddr(struct kretprobe_instance *ri)
{
	return ri->ret_addr;
}

struct kretprobe *
get_kretprobe(struct kretprobe_instance *ri)
{
	return __atomic_load_n(&ri->pool->rp, __ATOMIC_ACQUIRE);
}

/* The instance whose trampoline addr is, or NULL: addr is no
 * trampoline, or a free one's. */
static struct kretprobe_instance *
tramp_owner(uintptr_t addr)
{
	if (addr < (uintptr_t)kretprobe_trampolines ||
	    addr >= (uintptr_t)kretprobe_trampolines_end ||
	    addr % TRAMP_SIZE)
		return NULL;
	return __atomic_load_n(&owner[tramp_index(addr)], __ATOMIC_ACQUIRE);
}

/* Several kretprobes on one function chain their trampolines: each
 * instance's ret_addr is the next one's. The walks are bounded for
 * stale addresses: a free instance's ret_addr may name another
 * trampoline, a garbage stack slot anything. */
#define CHAIN_MAX 64

unsigned long
kretprobe_find_ret_addr(unsigned long addr)
{
	struct kretprobe_instance *ri;

	for (int hops = 0; hops < CHAIN_MAX && (ri = tramp_owner(addr)); hops++)
		addr = ri->ret_addr;
	return addr;
}

bool
kretprobe_took_call(const struct kprobe *p, unsigned long ra,
		    unsigned long came)
{
	const struct kretprobe *rp = kprobe_kretprobe(p);
	struct kretprobe_instance *ri;

	for (int hops = 0; rp && hops < CHAIN_MAX && ra != came &&
	     (ri = tramp_owner(ra)); hops++, ra = ri->ret_addr)
		if (ri->pool->rp == rp)
			return true;
	return false;
}

/* --- pools (kretprobe_lock held) -------------------------------------- */

static size_t
tramp_alloc(void)
{
	for (size_t w = 0;; w++) {
		if (tramp_used[w] == ~0ull)
			continue;
		unsigned bit = ctz64(~tramp_used[w]);
		tramp_used[w] |= 1ull << bit;
		tramp_nfree--;
		return w * 64 + bit;
	}
}

/* Give ri's trampoline back (no call is using it). Lock held. */
static void
release_tramp(struct kretprobe_instance *ri)
{
	size_t t = tramp_index(ri->tramp);

	if (!ri->tramp)
		return;
	owner[t] = NULL;
	tramp_used[t / 64] &= ~(1ull << (t % 64));
	tramp_nfree++;
	ri->tramp = 0;
}

static void
free_pool(struct kretprobe_pool *pool)
{
	for (unsigned i = 0; i < pool->ninst; i++)
		release_tramp(instance(pool, i));
	eb_port_free(pool->insts);
	eb_port_free(pool);
}

/* A pool of n instances with their trampolines, all free, published in
 * the owner table. NULL when out of memory or trampolines. */
static struct kretprobe_pool *
new_pool(struct kretprobe *rp, unsigned n)
{
	if (tramp_nfree < n || rp->data_size > (SIZE_MAX / NTRAMP) -
	    sizeof(struct kretprobe_instance) - 15)
		return NULL;
	struct kretprobe_pool *pool = eb_port_alloc(sizeof *pool);
	size_t isize = (sizeof(struct kretprobe_instance) + rp->data_size + 15) & ~(size_t)15;
	char *insts = pool ? eb_port_alloc(n * isize) : NULL;
	if (!insts) {
		eb_port_free(pool);
		return NULL;
	}
	*pool = (struct kretprobe_pool){ .rp = rp, .ninst = n, .isize = isize,
					 .insts = insts, .free = n ? 1 : 0 };
	for (unsigned i = 0; i < n; i++) {
		struct kretprobe_instance *ri = instance(pool, i);
		size_t t = tramp_alloc();
		*ri = (struct kretprobe_instance){
			.pool = pool,
			.tramp = (uintptr_t)kretprobe_trampolines + t * TRAMP_SIZE,
			.next_free = i + 1 < n ? i + 2 : 0,
			.self = i + 1 };
		__atomic_store_n(&owner[t], ri, __ATOMIC_RELEASE);
	}
	return pool;
}

/* Free instances of pool. Only returns add to the stack once the entry
 * kprobe is gone, so a count from a snapshot is exact when it is full. */
static unsigned
count_free(struct kretprobe_pool *pool)
{
	uint32_t top = (uint32_t)__atomic_load_n(&pool->free, __ATOMIC_ACQUIRE);
	unsigned n = 0;

	for (; top && n <= pool->ninst; n++)
		top = __atomic_load_n(&instance(pool, top - 1)->next_free,
				      __ATOMIC_ACQUIRE);
	return n;
}

/* Free the disowned pools whose calls all returned; the count of calls
 * still in flight. */
static size_t
reap(void)
{
	struct kretprobe_pool **link = &disowned;
	size_t inflight = 0;

	while (*link) {
		struct kretprobe_pool *pool = *link;
		unsigned nfree = count_free(pool);
		if (nfree == pool->ninst) {
			*link = pool->next;
			free_pool(pool);
		} else {
			inflight += pool->ninst - nfree;
			link = &pool->next;
		}
	}
	return inflight;
}

/* --- registration ----------------------------------------------------- */

/* Log why rp cannot be registered, naming its function. */
static void
refuse(struct kretprobe *rp, const char *why)
{
	if (rp->kp.symbol_name)
		kprobe_log("cannot kretprobe %s+0x%x: %s", rp->kp.symbol_name,
			   rp->kp.offset, why);
	else
		kprobe_log("cannot kretprobe %p: %s",
			   (void *)((uintptr_t)rp->kp.addr + rp->kp.offset), why);
}

/* Whether rp's kprobe is at a function's first instruction; 0 or -errno
 * with the reason logged. Linux refuses return probes elsewhere too:
 * only at entry is ra the return address. */
static int
check_entry(struct kretprobe *rp)
{
	struct kprobe *p = &rp->kp;
	uintptr_t start;
	size_t size;

	if (rp->pool) {
		refuse(rp, "already registered");
		return -EINVAL;
	}
	uintptr_t addr = (uintptr_t)p->addr + p->offset;	/* as kprobes' */
	if ((p->symbol_name && p->offset) ||
	    (!p->symbol_name && p->addr &&
	     (!eb_port_symbol_name(addr, &start, &size) || start != addr))) {
		refuse(rp, "not a function's entry (ra is the return address "
		       "only at the first instruction)");
		return -EINVAL;
	}
	return 0;
}

static unsigned
default_maxactive(void)
{
	unsigned n = 2 * eb_port_cpu_count();

	return n > KRETPROBE_MAXACTIVE_MIN ? n : KRETPROBE_MAXACTIVE_MIN;
}

/* Give up rp's pool (its kprobe disarmed and past its grace period):
 * free it, or leave it to reap() if calls are in flight. Lock held. */
static void
disown(struct kretprobe *rp)
{
	struct kretprobe_pool *pool = rp->pool;

	rp->pool = NULL;
	if (count_free(pool) == pool->ninst) {
		free_pool(pool);
		return;
	}
	/* The free instances' trampolines go back now: no call holds them
	 * and, the entry kprobe gone, none can take them. A call that never
	 * returns then keeps one trampoline, not the whole pool's. */
	uint32_t top = (uint32_t)pool->free;
	for (unsigned n = 0; top && n < pool->ninst; n++) {
		struct kretprobe_instance *ri = instance(pool, top - 1);
		release_tramp(ri);
		top = ri->next_free;
	}
	pool->next = disowned;
	disowned = pool;
}

/* Batches of kprobes go to the kprobes core this many at a time. */
#define CHUNK 64

static void
unregister_chunks(struct kretprobe **rps, int num)
{
	struct kprobe *kps[CHUNK];

	for (int i = 0; i < num; i += CHUNK) {
		int n = num - i < CHUNK ? num - i : CHUNK;
		for (int j = 0; j < n; j++)
			kps[j] = &rps[i + j]->kp;
		unregister_kprobes(kps, n);
	}
}

/* Stop running rps' handlers: returns that begin from now on skip them;
 * the next grace period (an unregistration's) covers those in one. */
static void
disown_handlers(struct kretprobe **rps, int num)
{
	for (int i = 0; i < num; i++)
		if (rps[i]->pool)
			__atomic_store_n(&rps[i]->pool->rp, NULL, __ATOMIC_RELEASE);
}

/* Register the kprobes of rps, all or none. On failure the pools are
 * disowned (calls may have entered through the chunks registered
 * first) but still attached. */
static int
register_chunks(struct kretprobe **rps, int num)
{
	struct kprobe *kps[CHUNK];

	for (int i = 0; i < num; i += CHUNK) {
		int n = num - i < CHUNK ? num - i : CHUNK;
		for (int j = 0; j < n; j++)
			kps[j] = &rps[i + j]->kp;
		int err = register_kprobes(kps, n);
		if (err) {
			disown_handlers(rps, num);
			unregister_chunks(rps, i);
			return err;
		}
	}
	return 0;
}

int
register_kretprobes(struct kretprobe **rps, int num)
{
	int i, err = 0;

	if (num <= 0)	/* as Linux */
		return -EINVAL;
	lock();
	reap();
	for (i = 0; i < num; i++) {
		struct kretprobe *rp = rps[i];
		err = check_entry(rp);
		if (err)
			break;
		unsigned n = rp->maxactive > 0 ? (unsigned)rp->maxactive
					       : default_maxactive();
		rp->pool = new_pool(rp, n);
		if (!rp->pool) {
			char why[KPROBE_WHY_MAX];
			eb_snprintf(why, sizeof why, "out of memory or trampolines "
				    "(%u instances, %zu trampolines free)", n, tramp_nfree);
			refuse(rp, why);
			err = -ENOMEM;
			break;
		}
		rp->kp.pre_handler = pre_handler_kretprobe;
		rp->kp.post_handler = NULL;
	}
	if (!err)
		err = register_chunks(rps, num);
	if (err) {
		/* Freed now, or when the calls that entered have returned. */
		for (int j = 0; j < i; j++)
			disown(rps[j]);
	}
	unlock();
	return err;
}

int
register_kretprobe(struct kretprobe *rp)
{
	return register_kretprobes(&rp, 1);
}

void
unregister_kretprobes(struct kretprobe **rps, int num)
{
	lock();
	disown_handlers(rps, num);
	unregister_chunks(rps, num);	/* and the grace period */
	for (int i = 0; i < num; i++)
		if (rps[i]->pool)
			disown(rps[i]);
	reap();
	unlock();
}

void
unregister_kretprobe(struct kretprobe *rp)
{
	unregister_kretprobes(&rp, 1);
}

size_t
eb_kretprobe_disowned(void)
{
	lock();
	size_t n = reap();
	unlock();
	return n;
}

size_t
eb_kretprobe_trampolines_free(void)
{
	return tramp_nfree;
}
