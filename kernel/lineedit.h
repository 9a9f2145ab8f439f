/*
 * The kernel shell's line editor (lineedit.c): echo and backspace, ^C
 * drops the line, the up and down arrows walk the history, left and
 * right arrows, Home/^A and End/^E move the cursor, ^U deletes before
 * it, Tab completes the word at the end from the candidates the caller
 * gives.
 */
#ifndef KERNEL_LINEEDIT_H
#define KERNEL_LINEEDIT_H
#include "defs.h"

/* The i-th completion candidate for a line's first word (first) or a
 * later one, or NULL past the last. */
typedef const char *(*lineedit_candidate_fn)(bool first, size_t i);

bool lineedit_read(const char *prompt, char *buf, size_t size,
		   lineedit_candidate_fn candidate);
bool lineedit_interrupted(bool busy);

#endif
