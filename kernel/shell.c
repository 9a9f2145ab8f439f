/* The console shell: a line editor and a table of commands. */
#include "defs.h"

struct command {
	const char *name;
	const char *help;
	void (*run)(const char *args);
};

static void cmd_help(const char *args);

static void
cmd_harts(const char *args)
{
	for (unsigned i = 0; i < ncpu; i++)
		if (cpus[i].online)
			printf("hart %u: online, %lu ticks, %lu ipis\n", i,
			       (unsigned long)cpus[i].ticks,
			       (unsigned long)cpus[i].ipis);
}

/* Match pattern against name: '*' is any run, '?' any one character;
 * a pattern without wildcards matches as a substring. */
static bool
glob(const char *pat, const char *name)
{
	if (*pat == 0)
		return *name == 0;
	if (*pat == '*')
		return glob(pat + 1, name) || (*name && glob(pat, name + 1));
	if (*name && (*pat == '?' || *pat == *name))
		return glob(pat + 1, name + 1);
	return false;
}

static bool
has_wildcard(const char *s)
{
	for (; *s; s++)
		if (*s == '*' || *s == '?')
			return true;
	return false;
}

static bool
contains(const char *name, const char *part)
{
	size_t n = strlen(part);

	for (; *name; name++)
		if (strncmp(name, part, n) == 0)
			return true;
	return n == 0;
}

static void
cmd_syms(const char *pattern)
{
	size_t shown = 0;

	for (size_t i = 0; i < kallsyms_count(); i++) {
		uintptr_t addr;
		size_t size;
		const char *name = kallsyms_name_at(i, &addr, &size);
		if (has_wildcard(pattern) ? glob(pattern, name)
					  : contains(name, pattern)) {
			printf("%016lx %6lu %s\n", (unsigned long)addr,
			       (unsigned long)size, name);
			shown++;
		}
	}
	printf("%lu of %lu functions\n", (unsigned long)shown,
	       (unsigned long)kallsyms_count());
}

static void
cmd_poweroff(const char *args)
{
	printf("bye\n");
	kernel_exit(0);
}

static const struct command commands[] = {
	{ "help", "list the commands", cmd_help },
	{ "harts", "show each hart's state", cmd_harts },
	{ "syms", "syms PATTERN: kernel functions matching (glob or substring)",
	  cmd_syms },
	{ "poweroff", "leave QEMU", cmd_poweroff },
};

static void
cmd_help(const char *args)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].help);
}

static void
read_line(char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		int c = console_getc();
		if (c == '\r' || c == '\n') {
			printf("\n");
			break;
		}
		if ((c == 0x7f || c == '\b') && n > 0) {
			n--;
			printf("\b \b");
		} else if (c >= ' ' && c < 0x7f && n + 1 < size) {
			buf[n++] = c;
			printf("%c", c);
		}
	}
	buf[n] = 0;
}

static void
execute(char *line)
{
	while (*line == ' ')
		line++;
	char *args = line;
	while (*args && *args != ' ')
		args++;
	if (*args)
		*args++ = 0;
	while (*args == ' ')
		args++;
	if (!*line)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].name, line) == 0) {
			commands[i].run(args);
			return;
		}
	}
	printf("%s: unknown command (try help)\n", line);
}

/* Read and run commands forever. Interrupts on. */
void
shell(void)
{
	char line[128];

	printf("type help for the commands\n");
	for (;;) {
		printf("ebreak> ");
		read_line(line, sizeof line);
		execute(line);
	}
}
