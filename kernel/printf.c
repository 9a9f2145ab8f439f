/* Console output and panic. Formatting is the library's eb_vsnprintf. */
#include "defs.h"
#include "riscv.h"
#include <ebreak/fmt.h>
#include <ebreak/ptregs.h>

static struct spinlock console_lock = SPINLOCK_INIT("console");
volatile bool panicking;

static void
puts_raw(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

/* Print a formatted message whole (not interleaved with other harts'). */
void
vprintf(const char *fmt, va_list ap)
{
	char buf[512];

	eb_vsnprintf(buf, sizeof buf, fmt, ap);
	/* A panic, or a message from a trap taken while this hart printed
	 * (a probe handler on the console path): the lock cannot be had. */
	push_off();
	bool no_lock = panicking || spin_holding(&console_lock);
	pop_off();
	if (no_lock) {
		puts_raw(buf);
		return;
	}
	spin_lock(&console_lock);
	puts_raw(buf);
	spin_unlock(&console_lock);
}

/* Format and print one message whole (vprintf). Any context. */
void
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static const char *const reg_names[32] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
	"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4",
	"s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static void
dump_regs(struct pt_regs *regs)
{
	unsigned long *r = (unsigned long *)regs;

	for (int i = 0; i < 32; i++)
		printf("%4s %016lx%s", reg_names[i], r[i], i % 4 == 3 ? "\n" : "  ");
	printf("status %016lx  badaddr %016lx  cause %016lx\n", regs->status,
	       regs->badaddr, regs->cause);
}

static void __attribute__((noreturn))
vpanic(struct pt_regs *regs, const char *fmt, va_list ap)
{
	intr_off();
	panicking = true;
	printf("\npanic on hart %u: ", cpuid());
	vprintf(fmt, ap);
	printf("\n");
	if (regs) {
		dump_regs(regs);
		backtrace_from(regs->s0, regs->epc, regs->ra);
	} else {
		backtrace();
	}
	kernel_exit(3);
}

/* Print the message, registers and a symbolized backtrace; leave QEMU
 * with a failure status. Any context. */
void
panic_regs(struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(regs, fmt, ap);
}

/* Print the message and a backtrace and leave QEMU with a failure
 * status; never returns. Any context. */
void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(0, fmt, ap);
}
