/*
 * Cross-file declarations of the reference kernel, grouped by file
 * (xv6's defs.h). Library headers live in lib/include/ebreak/.
 */
#ifndef KERNEL_DEFS_H
#define KERNEL_DEFS_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/lock.h>
#include <ebreak/port.h>

#include "param.h"

/* Harts the kernel runs: as many as the library keeps state for (the
 * port contract: a cpu id is < EB_MAX_CPUS). Raise EB_MAX_CPUS, and
 * cpus[] and kstacks[] follow. */
#define NCPU		EB_MAX_CPUS
#define PGSIZE		4096UL
#define PGROUNDUP(a)	(((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a)	((a) & ~(PGSIZE - 1))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define noinline	__attribute__((noinline))
#define READ_ONCE(x)	(*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

struct pt_regs;
struct spinlock;

/* Linker-script symbols. */
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

/* main.c */
extern const char *boot_args;
void kmain(unsigned long hartid, const void *dtb);
bool bootarg(const char *key, const char **value, size_t *len);
long bootarg_long(const char *key, long dflt);
void kernel_exit(int code) __attribute__((noreturn));

/* cpu.c: per-hart state, reached through tp */
struct cpu {
	unsigned id;		/* hart id == cpu id */
	volatile bool online;
	int noff;		/* depth of push_off() nesting */
	bool intena;		/* were interrupts on before push_off()? */
	volatile uint64_t ticks;	/* timer interrupts taken */
	volatile uint64_t ipis;		/* IPIs taken */
	volatile uint32_t ipi_pending;	/* IPI_* bits */
	void (*volatile work_fn)(void *);	/* smp_work: run in idle loop */
	void *work_arg;
	volatile bool work_done;
	/* Who runs here, for traces (eb_port_current): a 16-byte name
	 * (the polled task's or process's, else swapper) and a pid. */
	const char *comm;
	int pid;
	char swapper[16] __attribute__((aligned(8)));	/* "swapper/ID" */
	/* ebreak's per-hart state (eb_port_cpu_data), at a fixed offset
	 * (kernel/port_inline.h). */
	uint8_t ebreak[EB_CPU_DATA_SIZE] __attribute__((aligned(128)));
} __attribute__((aligned(256)));	/* entry.S: &cpus[id] = cpus + id * 256 */
extern struct cpu cpus[NCPU];
extern char kstacks[NCPU][KSTACK_SIZE];	/* cpu.c: per-hart kernel stacks */
extern unsigned ncpu;
static inline struct cpu *
mycpu(void)
{
	struct cpu *c;
	asm volatile("mv %0, tp" : "=r"(c));
	return c;
}
static inline unsigned
cpuid(void)
{
	return mycpu()->id;
}
void push_off(void);
void pop_off(void);

/* spinlock.c */
struct spinlock {
	struct eb_spinlock lock;
	const char *name;
	struct cpu *cpu;	/* holder, for debugging */
};
#define SPINLOCK_INIT(n) { EB_SPINLOCK_INIT, (n), 0 }
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_holding(struct spinlock *lk);

/* sbi.c */
struct sbiret { long error; long value; };
void sbi_set_timer(uint64_t stime);
int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
int sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);
long sbi_hart_status(unsigned long hartid);

/* uart.c */
void uart_init(void);
void uart_putc(int c);
void uart_intr(void);
int console_getc(void);		/* runs tasks until a character arrives */
unsigned console_lost(void);	/* input characters lost so far */
int console_trygetc(void);	/* -1 when nothing has arrived */

/* printf.c */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintf(const char *fmt, va_list ap);
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void panic_regs(struct pt_regs *regs, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
extern volatile bool panicking;

/* backtrace.c */
void backtrace_from(unsigned long fp, unsigned long pc, unsigned long ra);
void backtrace(void);
int backtrace_save(unsigned long *out, int max);

/* fdt.c */
struct fdt_info {
	uint64_t mem_base, mem_size;
	uint64_t timebase;
	const char *bootargs;
};
void fdt_parse(const void *dtb, struct fdt_info *info);

/* kalloc.c: pages and kmalloc */
void kalloc_init(unsigned long start, unsigned long end);
void *page_alloc(size_t npages);
void page_free(void *p, size_t npages);
size_t pages_free(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
size_t kmalloc_live_bytes(void);

/* vm.c */
#define TEXT_ALIAS_OFFSET 0x1000000000UL	/* writable alias of kernel text */
void kvm_init(unsigned long ram_end);
void kvm_inithart(void);
unsigned long kvm_perm(unsigned long va);
uint64_t *kvm_root(void);
#define KVM_R 2
#define KVM_W 4
#define KVM_X 8

/* patch.c */
int text_patch(void *addr, const void *insn, size_t len);

/* execmem.c */
void execmem_init(void);
void *execmem_alloc(size_t size);
void execmem_free(void *p, size_t size);

/* trap.c */
void trap_inithart(void);
bool trap_interrupt(unsigned long irq, struct pt_regs *regs);
extern bool (*volatile trap_break_hook)(struct pt_regs *regs);
void kernelvec(void);

/* extable: fault fixups (uaccess.S) */
int copy_nofault(void *dst, const void *src, size_t len);
int write_nofault(void *dst, const void *src, size_t len);

/* timer.c */
extern uint64_t timebase_hz;
void timer_inithart(void);
bool timer_intr(struct pt_regs *regs);
const volatile uint64_t *timer_samples(unsigned hart);
void timer_set_timebase(uint64_t hz);
/* The factors of a timebase of hz for ticks_to_ns_by (port_inline.h)
 * into k. */
struct tick_ns;
void tick_ns_of(uint64_t hz, struct tick_ns *k);
/* Nanoseconds since boot (ticks_to_ns, port_inline.h). Any context. */
static inline uint64_t
time_ns(void)
{
	return eb_port_time_ns();
}

/* plic.c */
void plic_init(void);
void plic_inithart(void);
void plic_intr(void);

/* smp.c: IPIs, cross-calls, stop-the-world, idle work */
void smp_boot(void);
void ipi_intr(void);
void smp_call_all(void (*fn)(void *), void *arg);
void stop_machine(void (*fn)(void *), void *arg);
extern bool world_stopped;
void smp_work_start(unsigned cpu, void (*fn)(void *), void *arg);
void smp_work_wait(unsigned cpu);
void idle_loop(void) __attribute__((noreturn));

/* kallsyms.c */
int kallsyms_lookup_name(const char *name, uintptr_t *addr, size_t *size);
const char *kallsyms_lookup(uintptr_t addr, uintptr_t *start, size_t *size);
size_t kallsyms_count(void);
const char *kallsyms_name_at(size_t i, uintptr_t *addr, size_t *size);


/* shell.c */
void shell(void) __attribute__((noreturn));

/* decimal.c */
const char *parse_decimal(const char *s, unsigned long *n);
const char *parse_hex(const char *s, unsigned long *n);
const char *parse_number(const char *s, unsigned long *n);

/* ktest.c, kbench.c */
int ktest_run(const char *filter, size_t len);
void kbench_run(const char *only, size_t len);	/* bench=NAME: just that one */

#endif
