/* Output on QEMU virt's 16550 UART, polled: no lock, no interrupt. */
#include "mini.h"
#include <ebreak/fmt.h>

#define UART0	0x10000000UL
#define UART_THR	0	/* transmit holding register */
#define UART_LSR	5	/* line status register */
#define LSR_THRE	0x20	/* room for a byte */

static void
uart_putc(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART0;

	while (!(uart[UART_LSR] & LSR_THRE))
		;
	uart[UART_THR] = c;
}

/* mini.h's contract: formatted by the library's eb_vsnprintf, up to
 * 255 bytes. */
void
printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	eb_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (const char *p = buf; *p; p++)
		uart_putc(*p);
}
