/*
 * Signal names (Linux's numbers), for the shells and kill: shared by the
 * kernel and the user programs (user/user.mk builds signame.c for both).
 */
#ifndef KERNEL_USER_SIGNAME_H
#define KERNEL_USER_SIGNAME_H

/* "INT" for 2, or NULL for a number without a name. */
const char *signal_name(int sig);
/* A signal from "9", "KILL" or "SIGKILL"; -1 for anything else. */
int signal_parse(const char *s);

#endif
