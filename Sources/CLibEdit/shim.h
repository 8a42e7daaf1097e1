#ifndef SMSH_CLIBEDIT_SHIM_H
#define SMSH_CLIBEDIT_SHIM_H

// Swift cannot call C variadic functions (el_set, el_get, history) nor touch mutable C globals
// (stdin, stdout) in Swift 6 mode, so each use is wrapped here. A header is compiled into every
// object file that uses it: nothing here may hold state (no static variables, no static locals).
// The signal state and the character reader live in the CTerminalSignals target, defined once.

#include <histedit.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <wchar.h>

// MARK: - Locale and terminal

/// libedit drops non-ASCII input in the C locale (bare tmux, CI): prefer the user's, else C.UTF-8.
static inline void smsh_setlocale(void) {
    const char *l = setlocale(LC_CTYPE, "");
    if (l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0) setlocale(LC_CTYPE, "C.UTF-8");
}

static inline int smsh_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

// MARK: - EditLine set-up

static inline EditLine *smsh_el_init(const char *prog, int outputToStderr) {
    return el_init(prog, stdin, outputToStderr ? stderr : stdout, stderr);
}

static inline void smsh_el_setup(EditLine *el, History *h, void *client,
                                 char *(*prompt)(EditLine *),
                                 unsigned char (*complete)(EditLine *, int),
                                 int (*read_char)(EditLine *, wchar_t *)) {
    el_set(el, EL_CLIENTDATA, client);
    el_set(el, EL_EDITOR, "emacs");
    // Our reader (smsh_getc) handles SIGINT, SIGTERM, SIGHUP and SIGWINCH; libedit's own handlers would re-raise
    // SIGINT to the whole process group.
    el_set(el, EL_SIGNAL, 0);
    el_set(el, EL_GETCFN, read_char);
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_HIST, history, h);
    el_set(el, EL_ADDFN, "smsh-complete", "complete the word at the cursor", complete);
    el_set(el, EL_BIND, "^I", "smsh-complete", NULL);
    // Incremental search backwards, as in readline (libedit's emacs map has ^R as redisplay).
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(el, EL_BIND, "\\e[A", "ed-prev-history", NULL);
    el_set(el, EL_BIND, "\\e[B", "ed-next-history", NULL);
    // The user's ~/.editrc still applies, after our defaults.
    el_source(el, NULL);
}

/// Raw mode before the prompt is drawn: el_gets draws the prompt first and sets raw mode only when
/// it reads, so a key typed in between (a fast typist, a script through a pty) met the cooked
/// terminal: Ctrl-D became an end-of-file marker that libedit never saw.
static inline void smsh_el_raw_mode(EditLine *el) {
    el_set(el, EL_PREP_TERM, 1);
}

static inline void *smsh_el_client(EditLine *el) {
    void *p = NULL;
    el_get(el, EL_CLIENTDATA, &p);
    return p;
}

static inline void smsh_el_print(EditLine *el, const char *text) {
    FILE *fp = NULL;
    if (el_get(el, EL_GETFP, 1, &fp) != 0 || fp == NULL) fp = stderr;
    fputs(text, fp);
    fflush(fp);
}

// MARK: - History (in memory; the file is written by Swift, atomically and redacted)

static inline History *smsh_history_init(int size) {
    History *h = history_init();
    HistEvent ev;
    if (h == NULL) return NULL;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}

static inline void smsh_history_enter(History *h, const char *line) {
    HistEvent ev;
    history(h, &ev, H_ENTER, line);
}

#endif
