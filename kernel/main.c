/*
 * Boot: the boot hart sets up memory, paging, traps and devices, starts
 * the other harts, then runs what the command line asks for: the tests
 * (test=SUITE,... or test=all), the benchmarks (bench), or the shell.
 */
#include "defs.h"
#include "riscv.h"
#include "trace/tracepoint.h"
#include <ebreak/fmt.h>
#include <ebreak/trace_event.h>

#define VIRT_TEST	0x100000UL	/* QEMU's exit device */
#define TEST_PASS	0x5555
#define TEST_FAIL	0x3333

const char *boot_args = "";
static char boot_args_copy[256];	/* the device tree's pages get reused */

/* Leave QEMU with exit status code (0 = success). Any context. */
void
kernel_exit(int code)
{
	volatile uint32_t *dev = (volatile uint32_t *)VIRT_TEST;

	*dev = code ? (uint32_t)code << 16 | TEST_FAIL : TEST_PASS;
	for (;;)
		wfi();
}

/* Find key=value (or a bare key) among the space-separated boot args. */
bool
bootarg(const char *key, const char **value, size_t *len)
{
	size_t klen = strlen(key);

	for (const char *p = boot_args; *p;) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		if (end - p >= (long)klen && strncmp(p, key, klen) == 0 &&
		    (p[klen] == '=' || p + klen == end)) {
			const char *v = p[klen] == '=' ? p + klen + 1 : end;
			*value = v;
			*len = end - v;
			return true;
		}
		p = end;
	}
	return false;
}

/* Integer value of boot arg key, or dflt. */
long
bootarg_long(const char *key, long dflt)
{
	const char *v;
	size_t len;
	long n = 0;

	if (!bootarg(key, &v, &len) || len == 0)
		return dflt;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return dflt;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

static void
strncpy_z(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void
run_requested(void)
{
	const char *v;
	size_t len;

	if (bootarg("test", &v, &len))
		kernel_exit(ktest_run(v, len) ? 1 : 0);
	if (bootarg("bench", &v, &len)) {
		kbench_run(v, len);
		kernel_exit(0);
	}
	shell();
}

/* Entered from entry.S on the boot hart with the MMU off. */
void
kmain(unsigned long hartid, const void *dtb)
{
	struct fdt_info fdt = { 0x80000000UL, 128UL << 20, 10000000, "" };

	mycpu()->id = hartid;
	for (unsigned i = 0; i < NCPU; i++) {	/* Linux's idle threads' names */
		eb_snprintf(cpus[i].swapper, sizeof cpus[i].swapper,
			    "swapper/%u", i);
		cpus[i].comm = cpus[i].swapper;
	}
	uart_init();
	fdt_parse(dtb, &fdt);
	strncpy_z(boot_args_copy, fdt.bootargs, sizeof boot_args_copy);
	boot_args = boot_args_copy;
	timer_set_timebase(fdt.timebase);
	printf("\nebreak reference kernel: booting on hart %lu, %lu MiB RAM\n",
	       hartid, (unsigned long)(fdt.mem_size >> 20));
	unsigned long ram_end = fdt.mem_base + fdt.mem_size;
	kalloc_init((unsigned long)_end, ram_end);
	kvm_init(ram_end);
	execmem_init();
	plic_init();
	eb_trace_event_set_finder(trace_event_find);
	smp_boot();
	printf("%u harts online\n", ncpu);
	run_requested();
}
