/*
 * The 16550 UART of QEMU virt: polled output, interrupt-driven input.
 * Input lands in a ring buffer that console_getc() drains.
 */
#include "defs.h"
#include "riscv.h"
#include "async/async.h"

#define UART0		0x10000000UL
#define RBR 0		/* receive buffer (read) */
#define THR 0		/* transmit holding (write) */
#define IER 1		/* interrupt enable */
#define FCR 2		/* FIFO control */
#define LCR 3		/* line control */
#define LSR 5		/* line status */
#define LSR_RX_READY	0x01
#define LSR_TX_IDLE	0x20

#define reg(r) ((volatile uint8_t *)(UART0 + (r)))

static struct spinlock rx_lock = SPINLOCK_INIT("uart rx");
static char rx_buf[256];
static volatile unsigned rx_head, rx_tail;	/* read at head, write at tail */

void
uart_init(void)
{
	*reg(IER) = 0;
	*reg(LCR) = 0x80;	/* divisor latch: 38400 baud */
	*reg(0) = 3;
	*reg(1) = 0;
	*reg(LCR) = 0x03;	/* 8 bits, no parity, one stop bit */
	*reg(FCR) = 0x07;	/* FIFOs on and cleared */
	*reg(IER) = 0x01;	/* interrupt on received data */
}

/* Write one character, waiting for room. Any context. */
void
uart_putc(int c)
{
	while ((*reg(LSR) & LSR_TX_IDLE) == 0)
		;
	*reg(THR) = c;
}

/* UART interrupt: move every received character into the ring. */
void
uart_intr(void)
{
	spin_lock(&rx_lock);
	while (*reg(LSR) & LSR_RX_READY) {
		char c = *reg(RBR);
		if (rx_tail - rx_head < sizeof rx_buf)
			rx_buf[rx_tail++ % sizeof rx_buf] = c;
	}
	spin_unlock(&rx_lock);
	console_input_ready();	/* async readers (kernel/async/console.c) */
}

/* Next input character, or -1 if none has arrived. Any context. */
int
console_trygetc(void)
{
	int c = -1;

	spin_lock(&rx_lock);
	if (rx_head != rx_tail)
		c = (unsigned char)rx_buf[rx_head++ % sizeof rx_buf];
	spin_unlock(&rx_lock);
	return c;
}

/* Next input character; sleeps in wfi until one arrives. Interrupts on. */
int
console_getc(void)
{
	for (;;) {
		int c = console_trygetc();
		if (c >= 0)
			return c;
		wfi();
	}
}
