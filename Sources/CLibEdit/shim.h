#ifndef SMSH_CLIBEDIT_SHIM_H
#define SMSH_CLIBEDIT_SHIM_H

// Swift cannot call C variadic functions (el_set, el_get, history) nor touch mutable C globals
// (stdin, stdout) in Swift 6 mode, so each use is wrapped here. The static state below exists
// once per object file that uses it: only Sources/LineEditor/EditLine.swift may call these.

#include <histedit.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

// MARK: - Signals: one self-pipe so that a blocked read, poll or dispatch source wakes up.

static int smsh_signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t smsh_interrupted = 0;
static volatile sig_atomic_t smsh_hangup = 0;
static volatile sig_atomic_t smsh_resized = 0;

static inline void smsh_signal_handler(int sig) {
    int saved = errno;
    if (sig == SIGINT) smsh_interrupted = 1;
    else if (sig == SIGWINCH) smsh_resized = 1;
    else smsh_hangup = 1;
    char c = (char)sig;
    if (smsh_signal_pipe[1] >= 0) (void)!write(smsh_signal_pipe[1], &c, 1);
    errno = saved;
}

/// Installs the handlers without SA_RESTART, so a blocked read returns EINTR. Returns the pipe's
/// read end (non-blocking), or -1.
static inline int smsh_install_signals(void) {
    if (smsh_signal_pipe[0] < 0) {
        if (pipe(smsh_signal_pipe) != 0) return -1;
        for (int i = 0; i < 2; i++) {
            fcntl(smsh_signal_pipe[i], F_SETFL, fcntl(smsh_signal_pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(smsh_signal_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = smsh_signal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGWINCH, &sa, NULL);
    return smsh_signal_pipe[0];
}

static inline void smsh_drain_signal_pipe(void) {
    char buf[64];
    if (smsh_signal_pipe[0] < 0) return;
    while (read(smsh_signal_pipe[0], buf, sizeof buf) > 0) {}
}

static inline int smsh_take_interrupt(void) {
    int v = smsh_interrupted;
    smsh_interrupted = 0;
    return v;
}

static inline int smsh_hangup_pending(void) { return smsh_hangup; }

static inline int smsh_take_resize(void) {
    int v = smsh_resized;
    smsh_resized = 0;
    return v;
}

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

// MARK: - Reading: a character reader that also wakes on the signal pipe.

/// EL_GETCFN reader: UTF-8 bytes from the input fd, decoded one character at a time. A pending
/// SIGINT or SIGHUP ends el_gets with EINTR (it returns NULL); SIGWINCH resizes libedit.
static inline int smsh_getc(EditLine *el, wchar_t *out) {
    mbstate_t state;
    memset(&state, 0, sizeof state);
    for (;;) {
        if (smsh_interrupted || smsh_hangup) {
            errno = EINTR;
            return -1;
        }
        if (smsh_take_resize()) el_resize(el);
        struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {smsh_signal_pipe[0], POLLIN, 0}};
        int r = poll(fds, smsh_signal_pipe[0] >= 0 ? 2 : 1, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (smsh_signal_pipe[0] >= 0 && (fds[1].revents & POLLIN)) {
            smsh_drain_signal_pipe();
            continue;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            char byte;
            ssize_t n = read(STDIN_FILENO, &byte, 1);
            if (n == 0) return 0;
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                return -1;
            }
            wchar_t wc;
            size_t k = mbrtowc(&wc, &byte, 1, &state);
            if (k == (size_t)-2) continue;
            if (k == (size_t)-1) {
                memset(&state, 0, sizeof state);
                continue;
            }
            *out = (k == 0) ? L'\0' : wc;
            return 1;
        }
    }
}

// MARK: - EditLine set-up

static inline EditLine *smsh_el_init(const char *prog, int outputToStderr) {
    return el_init(prog, stdin, outputToStderr ? stderr : stdout, stderr);
}

static inline void smsh_el_setup(EditLine *el, History *h, void *client,
                                 char *(*prompt)(EditLine *),
                                 unsigned char (*complete)(EditLine *, int)) {
    el_set(el, EL_CLIENTDATA, client);
    el_set(el, EL_EDITOR, "emacs");
    // Our reader handles SIGINT, SIGHUP and SIGWINCH; libedit's own handlers would re-raise
    // SIGINT to the whole process group.
    el_set(el, EL_SIGNAL, 0);
    el_set(el, EL_GETCFN, smsh_getc);
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
