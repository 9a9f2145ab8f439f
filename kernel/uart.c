/*
 * The 16550 UART of QEMU virt: polled output, interrupt-driven input.
 * Input lands in a ring buffer that console_getc() drains.
 */
#include "defs.h"
#include "riscv.h"
#include "async/async.h"
#include "user/user.h"

#define UART0		0x10000000UL
#define RBR 0		/* receive buffer (read) */
#define THR 0		/* transmit holding (write) */
#define IER 1		/* interrupt enable */
#define FCR 2		/* FIFO control */
#define LCR 3		/* line control */
#define LSR 5		/* line status */
#define LSR_RX_READY	0x01
#define LSR_OVERRUN	0x02	/* the FIFO was full: a character was lost */
#define LSR_TX_IDLE	0x20

#define reg(r) ((volatile uint8_t *)(UART0 + (r)))

static struct spinlock rx_lock = SPINLOCK_INIT("uart rx");
static char rx_buf[256];
static volatile unsigned rx_head, rx_tail;	/* read at head, write at tail */
static volatile unsigned rx_lost;	/* characters the FIFO dropped */
static bool rx_paused;	/* ring full: receive interrupt off; rx_lock */

/* Once, at boot: 38400 baud 8N1, FIFOs on, an interrupt on received data. */
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

/* UART interrupt: move every received character into the ring. When the
 * ring is full, turn the receive interrupt off and leave the rest in the
 * UART, which then holds input back (QEMU's stops sending; a real line
 * would overrun its FIFO, which LSR reports and rx_lost counts), until
 * console_trygetc makes room: input is never dropped here. */
void
uart_intr(void)
{
	spin_lock(&rx_lock);
	for (uint8_t lsr; (lsr = *reg(LSR)) & LSR_RX_READY;) {
		if (rx_tail - rx_head == sizeof rx_buf) {
			rx_paused = true;
			*reg(IER) = 0;
			break;
		}
		if (lsr & LSR_OVERRUN)
			rx_lost++;
		uint8_t c = *reg(RBR);
		if (!console_signal_char(c))	/* ^C for a foreground job */
			rx_buf[rx_tail++ % sizeof rx_buf] = c;
	}
	spin_unlock(&rx_lock);
	console_input_ready();	/* async readers (kernel/async/console.c) */
}

/* How many input characters were lost so far (the UART's FIFO
 * overflowed before the interrupt drained it): a reader that sees it change knows its line is not
 * what was typed. Any context. */
unsigned
console_lost(void)
{
	return READ_ONCE(rx_lost);
}

/* Next input character, or -1 if none has arrived. Any context. */
int
console_trygetc(void)
{
	int c = -1;

	spin_lock(&rx_lock);
	if (rx_head != rx_tail)
		c = (unsigned char)rx_buf[rx_head++ % sizeof rx_buf];
	if (c >= 0 && rx_paused) {
		/* Room again: what waits in the UART raises the interrupt
		 * as soon as it is back on. */
		rx_paused = false;
		*reg(IER) = 0x01;
	}
	spin_unlock(&rx_lock);
	return c;
}

/* Next input character. While none has arrived this hart runs queued
 * tasks, so tasks queued here never wait on a shell at its prompt, and
 * idles as the executor does (an enqueue on any hart can wake it).
 * Interrupts on. */
int
console_getc(void)
{
	for (;;) {
		int c = console_trygetc();
		if (c >= 0)
			return c;
		if (executor_run_one())
			continue;
		/* Interrupts off from the check to the wfi: a character
		 * arriving in between leaves its interrupt pending, which
		 * ends the wfi at once. */
		intr_off();
		if (READ_ONCE(rx_head) == READ_ONCE(rx_tail))
			executor_idle();
		intr_on();
	}
}