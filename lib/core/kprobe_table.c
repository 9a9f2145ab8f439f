/*
 * The table of probe sites by address: a fixed array of chains. Readers
 * (the hit path, on any hart, in trap context) take no lock: a site is
 * fully built before a release store publishes it, and an unlinked site
 * is freed only after a stop_machine, when no reader can still hold it.
 * Writers are serialized by the registration lock.
 */
#include "kprobes_internal.h"

struct kprobe_site *kprobe_table[1u << EB_KPROBE_HASH_BITS];

/* Publish s. Registration lock held. */
void
kprobe_site_insert(struct kprobe_site *s)
{
	struct kprobe_site **head = kprobe_bucket(s->addr);

	s->hnext = *head;
	__atomic_store_n(head, s, __ATOMIC_RELEASE);
}

/* Unlink s; readers already on it still see its hnext. Registration lock
 * held; free s only after a stop_machine. */
void
kprobe_site_remove(struct kprobe_site *s)
{
	struct kprobe_site **pp = kprobe_bucket(s->addr);

	while (*pp != s)
		pp = &(*pp)->hnext;
	__atomic_store_n(pp, s->hnext, __ATOMIC_RELEASE);
}
