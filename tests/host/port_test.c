/*
 * The host port's executable memory: a function written through
 * eb_port_text_patch runs, and the memory is given back.
 */
#include <ebreak/port.h>
#include <stdint.h>
#include "test.h"

/* A function returning 7, in the host's machine code. */
#if defined(__x86_64__)
#define HAVE_RET7
static const uint8_t ret7[] = { 0xb8, 7, 0, 0, 0, 0xc3 };	/* mov eax, 7; ret */
#elif defined(__aarch64__)
#define HAVE_RET7
static const uint32_t ret7[] = { 0x528000e0, 0xd65f03c0 };	/* mov w0, #7; ret */
#elif defined(__riscv)
#define HAVE_RET7
static const uint32_t ret7[] = { 0x00700513, 0x00008067 };	/* li a0, 7; ret */
#endif

TEST(exec_memory_runs_what_text_patch_wrote)
{
#ifdef HAVE_RET7
	void *p = eb_port_exec_alloc(sizeof(ret7));

	if (!CHECK(p))
		return;
	CHECK_EQ((uintptr_t)p % 16, 0);
	CHECK_EQ(eb_port_text_patch(p, ret7, sizeof(ret7)), 0);
	CHECK_EQ(((int (*)(void))p)(), 7);
	eb_port_exec_free(p, sizeof(ret7));
#else
	host_test_skip("no machine code for this host in tests/host/port_test.c");
#endif
}
