#ifndef SMSH_TERMINAL_SIGNALS_H
#define SMSH_TERMINAL_SIGNALS_H

// The process's signal state, defined once in terminal_signals.c. It used to be `static` in
// CLibEdit's shim header: every object file that inlined the shim got its own copy, so the
// handler set one flag and pipe, and the code that watched them read another.

#include <wchar.h>

struct editline;

/// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGWINCH (once; without SA_RESTART, so a
/// blocked read returns EINTR) and returns the read end of the self-pipe the handler writes to
/// (non-blocking), or -1.
int smsh_signals_install(void);

/// Empties the self-pipe; the flags below say which signals arrived.
void smsh_drain_signal_pipe(void);

/// Whether SIGINT arrived since the last call; clears it.
int smsh_take_interrupt(void);

/// SIGTERM or SIGHUP, whichever arrived first, or 0. Never cleared: the process is ending.
int smsh_termination_signal(void);

/// Whether SIGWINCH arrived since the last call; clears it.
int smsh_take_resize(void);

/// libedit's EL_GETCFN reader: UTF-8 bytes from stdin, one character at a time. A pending SIGINT,
/// SIGTERM or SIGHUP ends el_gets with EINTR (it returns NULL); SIGWINCH resizes libedit.
int smsh_getc(struct editline *el, wchar_t *out);

#endif
