#include "terminal_signals.h"

#include <histedit.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

// Named smsh_* so that `nm` on the binary can show each is defined once (SignalTests).
static int smsh_signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t smsh_interrupted = 0;
static volatile sig_atomic_t smsh_termination = 0;
static volatile sig_atomic_t smsh_resized = 0;

static void handle_signal(int sig) {
    int saved = errno;
    if (sig == SIGINT) smsh_interrupted = 1;
    else if (sig == SIGWINCH) smsh_resized = 1;
    else if (smsh_termination == 0) smsh_termination = sig;
    char c = (char)sig;
    if (smsh_signal_pipe[1] >= 0) (void)!write(smsh_signal_pipe[1], &c, 1);
    errno = saved;
}

int smsh_signals_install(void) {
    if (smsh_signal_pipe[0] >= 0) return smsh_signal_pipe[0];
    if (pipe(smsh_signal_pipe) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(smsh_signal_pipe[i], F_SETFL, fcntl(smsh_signal_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(smsh_signal_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handle_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGWINCH, &sa, NULL);
    return smsh_signal_pipe[0];
}

void smsh_drain_signal_pipe(void) {
    char buf[64];
    if (smsh_signal_pipe[0] < 0) return;
    while (read(smsh_signal_pipe[0], buf, sizeof buf) > 0) {}
}

int smsh_take_interrupt(void) {
    int v = smsh_interrupted;
    smsh_interrupted = 0;
    return v;
}

int smsh_termination_signal(void) { return smsh_termination; }

int smsh_take_resize(void) {
    int v = smsh_resized;
    smsh_resized = 0;
    return v;
}

int smsh_getc(struct editline *el, wchar_t *out) {
    mbstate_t state;
    memset(&state, 0, sizeof state);
    for (;;) {
        if (smsh_interrupted || smsh_termination) {
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
