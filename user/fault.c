/* fault [load|store|exec|illegal|ebreak|fp]: die by a bad access or
 * instruction; the kernel kills the process and carries on. */
#include "ulib.h"

int
main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "load";
	/* Through a volatile pointer, so the compiler cannot see the
	 * address. */
	volatile int *volatile bad = (int *)0x10;

	if (strcmp(how, "store") == 0)
		*bad = 1;
	else if (strcmp(how, "exec") == 0)
		((void (*)(void))0x7000)();
	else if (strcmp(how, "illegal") == 0)
		asm volatile(".word 0");
	else if (strcmp(how, "ebreak") == 0)
		asm volatile("ebreak");
	else if (strcmp(how, "fp") == 0)	/* FP is off in user mode */
		asm volatile(".option push\n.option arch, +d\n"
			     "fmv.d.x ft0, zero\n.option pop");
	else
		return bad[0x80200000 / sizeof(int) - 4];	/* kernel text */
	return 0;
}
