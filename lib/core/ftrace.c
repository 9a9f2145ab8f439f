/*
 * The site table: every patchable function entry of the host kernel
 * (<ebreak/ftrace.h>), sorted by address so that a kprobe's address is
 * found to be a site, or inside one, by binary search. Built once at
 * boot from the compiler's list, in place; read-only after, so it is read
 * without a lock.
 */
#include <ebreak/ftrace.h>
#include "kprobes_internal.h"
#include "ftrace_arch.h"
#include "ftrace_internal.h"

extern uintptr_t __eb_ftrace_sites_start[], __eb_ftrace_sites_end[];

static size_t nsites;

/* Sites by address for the tracers' hit path, which needs a site's
 * index (its users, ftrace_ops.c) faster than a binary search gives it:
 * open addressing, each slot a site's index + 1 (0: empty), at most
 * half full. */
#define HASH_SLOTS (2 * EB_FTRACE_SITES_MAX)
_Static_assert((HASH_SLOTS & (HASH_SLOTS - 1)) == 0 &&
	       EB_FTRACE_SITES_MAX < 65536,
	       "EB_FTRACE_SITES_MAX: a power of two below 65,536");
static uint16_t hash[HASH_SLOTS];

static size_t
slot_of(uintptr_t site)
{
	/* Fibonacci hashing: the multiply spreads nearby addresses. */
	return (size_t)((site * 0x9e3779b97f4a7c15ull) >> 32) % HASH_SLOTS;
}

/* Index every site of the table in hash. */
static void
hash_sites(const uintptr_t *a)
{
	for (size_t i = 0; i < nsites; i++) {
		size_t h = slot_of(a[i]);
		while (hash[h])
			h = (h + 1) % HASH_SLOTS;
		hash[h] = (uint16_t)(i + 1);
	}
}

/* Sift a[i] down the max-heap a[0..n). */
static void
sift_down(uintptr_t *a, size_t i, size_t n)
{
	for (size_t child; (child = 2 * i + 1) < n; i = child) {
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[i] >= a[child])
			return;
		uintptr_t t = a[i];
		a[i] = a[child];
		a[child] = t;
	}
}

/* Heapsort: in place, no allocation, n log n (a few thousand sites). */
static void
sort(uintptr_t *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t end = n; end-- > 1;) {
		uintptr_t t = a[0];
		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

size_t
eb_ftrace_init(void)
{
	uintptr_t *a = __eb_ftrace_sites_start;
	size_t n = (size_t)(__eb_ftrace_sites_end - __eb_ftrace_sites_start);

	sort(a, n);
	nsites = 0;
	for (size_t i = 0; i < n; i++) {
		if (!a[i] || kprobe_blacklisted(a[i]) ||
		    (nsites && a[nsites - 1] == a[i]))
			continue;	/* discarded, never probed, twice */
		if (nsites == EB_FTRACE_SITES_MAX) {
			kprobe_log("ftrace: more than EB_FTRACE_SITES_MAX (%d) "
				   "sites: the rest left out", EB_FTRACE_SITES_MAX);
			break;
		}
		int err = ftrace_make_nop(a[i]);
		if (err) {
			kprobe_log("ftrace: cannot patch the site at %p (%d): "
				   "left out", (void *)a[i], err);
			continue;
		}
		a[nsites++] = a[i];
	}
	hash_sites(a);
	return nsites;
}

size_t
eb_ftrace_sites(const uintptr_t **sites)
{
	*sites = __eb_ftrace_sites_start;
	return nsites;
}

/* The index of the last site at or below addr, or -1 if none is. */
static long
last_at_or_below(uintptr_t addr)
{
	const uintptr_t *a = __eb_ftrace_sites_start;
	size_t lo = 0, hi = nsites;

	while (lo < hi) {	/* the first site above addr is a[lo] */
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

uintptr_t
ftrace_location(uintptr_t addr)
{
	long i = last_at_or_below(addr);

	if (i < 0 || addr - __eb_ftrace_sites_start[i] >= FTRACE_SITE_SIZE)
		return 0;
	return __eb_ftrace_sites_start[i];
}

long
ftrace_site_index(uintptr_t site)
{
	for (size_t h = slot_of(site);; h = (h + 1) % HASH_SLOTS) {
		unsigned i = hash[h];
		if (!i)
			return -1;
		if (__eb_ftrace_sites_start[i - 1] == site)
			return (long)i - 1;
	}
}
