/* kprobe_events: probes defined by a line of Linux's syntax. */
#include "ktest.h"
#include <ebreak/fmt.h>

KTEST(kprobe_events, define_count_remove)
{
	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes();

	KEXPECT_EQ(kprobe_events_write("p:kc kallsyms_count"), 0);
	kallsyms_count();
	kallsyms_count();
	KEXPECT_EQ(kprobe_events_hits("kc"), 2);
	KEXPECT_EQ(kprobe_events_write("p kallsyms_count+0"), 0);	/* p_kallsyms_count_0 */
	kallsyms_count();
	KEXPECT_EQ(kprobe_events_hits("kc"), 3);
	KEXPECT_EQ(kprobe_events_hits("p_kallsyms_count_0"), 1);
	KEXPECT_EQ(kprobe_events_write("-:kc"), 0);
	KEXPECT_EQ(kprobe_events_write("-:p_kallsyms_count_0"), 0);
	kallsyms_count();
	KEXPECT_EQ(kprobe_events_hits("kc"), -1);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(kprobe_events, return_probes)
{
	eb_kprobe_slots_free();
	size_t heap = kmalloc_live_bytes();

	KEXPECT_EQ(kprobe_events_write("r:kr kallsyms_count"), 0);
	KEXPECT_EQ(kprobe_events_write("r4 kallsyms_count"), 0);	/* r_kallsyms_count_0 */
	KEXPECT_EQ(kallsyms_count(), kallsyms_count());
	KEXPECT_EQ(kprobe_events_hits("kr"), 2);
	KEXPECT_EQ(kprobe_events_hits("r_kallsyms_count_0"), 2);
	KEXPECT_EQ(kprobe_events_write("-:kr"), 0);
	KEXPECT_EQ(kprobe_events_write("-:r_kallsyms_count_0"), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(kprobe_events, by_address)
{
	char line[48];

	eb_snprintf(line, sizeof line, "p:at 0x%lx", (unsigned long)kallsyms_count);
	KEXPECT_EQ(kprobe_events_write(line), 0);
	kallsyms_count();
	KEXPECT_EQ(kprobe_events_hits("at"), 1);
	KEXPECT_EQ(kprobe_events_write("-:at"), 0);
}

KTEST(kprobe_events, errors)
{
	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes();

	KEXPECT_EQ(kprobe_events_write("p:x no_such_function"), -2);
	KEXPECT_EQ(kprobe_events_write("x:x kallsyms_count"), -22);
	KEXPECT_EQ(kprobe_events_write("r:x kallsyms_count+2"), -22);	/* not the entry */
	KEXPECT_EQ(kprobe_events_write("p:x kallsyms_count+zz"), -22);
	KEXPECT_EQ(kprobe_events_write("p:x kallsyms_count extra"), -22);
	KEXPECT_EQ(kprobe_events_write("-:nothing"), -2);
	KEXPECT_EQ(kprobe_events_write("p:x kallsyms_count+1"), -84);
	KEXPECT_EQ(kprobe_events_write("p:dup kallsyms_count"), 0);
	KEXPECT_EQ(kprobe_events_write("p:dup kallsyms_lookup"), -17);
	KEXPECT_EQ(kprobe_events_write("-:dup"), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
