/*
 * The platform-level interrupt controller of QEMU virt. Only the UART
 * is wired, and only to the boot hart: the console has one reader.
 */
#include "defs.h"

#define PLIC		0x0c000000UL
#define UART0_IRQ	10
#define PRIORITY(irq)	(PLIC + 4 * (irq))
#define SENABLE(hart)	(PLIC + 0x2080 + 0x100 * (hart))
#define STHRESHOLD(hart) (PLIC + 0x201000 + 0x2000 * (hart))
#define SCLAIM(hart)	(PLIC + 0x201004 + 0x2000 * (hart))
#define reg(a) (*(volatile uint32_t *)(a))

static unsigned console_hart;

/* Once, on the boot hart: give the UART's interrupt a priority; the boot
 * hart takes console interrupts. */
void
plic_init(void)
{
	reg(PRIORITY(UART0_IRQ)) = 1;
	console_hart = cpuid();
}

/* On each hart: take the UART's interrupt on the console hart only,
 * accept every priority. */
void
plic_inithart(void)
{
	unsigned hart = cpuid();

	reg(SENABLE(hart)) = hart == console_hart ? 1U << UART0_IRQ : 0;
	reg(STHRESHOLD(hart)) = 0;
}

/* External interrupt: claim, handle, complete. */
void
plic_intr(void)
{
	unsigned hart = cpuid();
	uint32_t irq = reg(SCLAIM(hart));

	if (irq == UART0_IRQ)
		uart_intr();
	else if (irq)
		printf("plic: unexpected irq %u\n", irq);
	if (irq)
		reg(SCLAIM(hart)) = irq;
}
