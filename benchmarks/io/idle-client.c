/*
 * E3 client: N idle connections to one echo server, one process, one thread, epoll (level-triggered).
 *
 *   idle-client HOST PORT N [IN_FLIGHT] [PROBE_SIZE]
 *
 * Opens N connections (non-blocking connects, at most IN_FLIGHT (default 100) connections between "connect
 * started" and "probe echoed", so the server's accept queue (backlog 1024) is never overrun), and makes each do one
 * echo round trip of PROBE_SIZE (default 8) bytes, every byte checked: a server's per-connection state (a stream
 * task, a protocol, a virtual thread) often exists only once it has accepted and read, and the echo proves it has.
 * A connect that fails, a connection the server closes before its echo, and one with no echo within 10 s are
 * retried (3 attempts in all), then counted as errors (each reported on stderr). Then it prints
 *
 *   CONNECTED <idle> errors=<e> secs=<s>
 *
 * and keeps all connections open and idle, reading commands on stdin, one per line:
 *
 *   ping K [SIZE]   K round trips of SIZE (default 64) bytes, one after another, on one idle connection (the one
 *                   in the middle); prints  PING conn=<i> n=<K> size=<S> p50_us=.. p99_us=.. max_us=.. errors=<e>
 *   status          STATUS idle=<n> dead=<d> errors=<e>: an idle connection that the server closed, or that
 *                   received bytes nobody asked for, is dead and counts as an error
 *   sweep           one round trip on every idle connection (IN_FLIGHT at a time): SWEEP ok=<n> errors=<e> secs=<s>
 *   quit (or EOF)   closes all connections, prints CLOSED <n> errors=<e>, exits (status 0 when no errors at all)
 *
 * SIGTERM / SIGINT end it at once (the kernel closes the sockets). It raises its own RLIMIT_NOFILE to the hard limit
 * and exits with a clear message if N connections cannot fit.
 *
 * Build: gcc -O2 -o idle-client idle-client.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { IDLE_NONE, CONNECTING, ECHOING, IDLE, DEAD };

#define ATTEMPTS 3
#define ROUND_TIMEOUT_NS 10000000000ull /* a connect + echo that takes longer is retried */
#define PING_TIMEOUT_MS 5000
#define MAX_SIZE 65536

typedef struct {
    int fd;
    int id;
    int state;
    int attempts;
    int todo;           /* wants a round (connect if needed, then one probe echo) */
    size_t sent, recvd; /* of the probe */
    uint64_t deadline;
} conn_t;

static struct addrinfo *addr;
static int ep;
static conn_t *conns;
static int nconn, in_flight_max = 100;
static size_t probe_size = 8;
static long errors;
static int retry = 1; /* 0 in a sweep: a connection that fails there is an error, never replaced */
static unsigned char rbuf[MAX_SIZE];

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The bytes connection id sends as its probe (and as its ping messages): varied per connection and position. */
static unsigned char pat(int id, size_t k) {
    return (unsigned char)((unsigned)id * 31u + (unsigned)k * 7u + ((unsigned)id >> 8) + 1u);
}

static void set_events(conn_t *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void drop_fd(conn_t *c) {
    if (c->fd >= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        c->fd = -1;
    }
}

/* A connection that will not be used again: an error, reported. */
static void kill_conn(conn_t *c, const char *why) {
    fprintf(stderr, "idle-client: connection %d: %s\n", c->id, why);
    drop_fd(c);
    c->state = DEAD;
    c->todo = 0;
    errors++;
}

/* Starts the connect of c (a new socket). Returns 0, or -1 with errno when the socket cannot even be made. */
static int start_connect(conn_t *c) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fd = fd;
    c->attempts++;
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    c->state = CONNECTING;
    if (connect(fd, addr->ai_addr, addr->ai_addrlen) < 0 && errno != EINPROGRESS) {
        int e = errno;
        drop_fd(c);
        errno = e;
        return -1;
    }
    return 0;
}

/* Sends the probe; it is a few bytes on a fresh or idle socket: the socket takes it whole. */
static int send_probe(conn_t *c) {
    unsigned char p[64];
    for (size_t k = 0; k < probe_size; k++) p[k] = pat(c->id, k);
    c->sent = c->recvd = 0;
    ssize_t n = send(c->fd, p, probe_size, MSG_NOSIGNAL);
    if (n != (ssize_t)probe_size) return -1;
    c->sent = probe_size;
    c->state = ECHOING;
    set_events(c, EPOLLIN);
    return 0;
}

/* This attempt failed: retry (a new connection) while attempts remain, else the connection is an error. Returns
   1 if the connection is still in flight. */
static int attempt_failed(conn_t *c, const char *why) {
    if (retry && c->attempts < ATTEMPTS) {
        fprintf(stderr, "idle-client: connection %d: %s; retrying (attempt %d of %d)\n", c->id, why,
                c->attempts + 1, ATTEMPTS);
        drop_fd(c);
        if (start_connect(c) == 0) {
            c->deadline = now_ns() + ROUND_TIMEOUT_NS;
            return 1;
        }
        char msg[160];
        snprintf(msg, sizeof msg, "socket/connect: %s", strerror(errno));
        kill_conn(c, msg);
        return 0;
    }
    char msg[200];
    snprintf(msg, sizeof msg, retry ? "%s (after %d attempts)" : "%s (in a sweep)", why, c->attempts);
    kill_conn(c, msg);
    return 0;
}

/* Bytes (or the end) on a connection that should be silent: it is dead. */
static void idle_event(conn_t *c) {
    ssize_t r = recv(c->fd, rbuf, sizeof rbuf, 0);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (r == 0) kill_conn(c, "closed by the server while idle");
    else if (r < 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "while idle: %s", strerror(errno));
        kill_conn(c, msg);
    } else kill_conn(c, "bytes received while idle that were never sent");
}

/*
 * One round over every connection with todo set: connect it if it has no socket yet, then one probe echo. At most
 * in_flight_max at a time. Returns how many ended idle (echoed). Events on idle connections are handled too.
 */
static int run_round(int *failed_out) {
    int next = 0, in_flight = 0, ok = 0, failed = 0, pending = 0;
    for (int i = 0; i < nconn; i++) pending += conns[i].todo;
    struct epoll_event evs[512];
    uint64_t last_scan = now_ns();
    while (pending > 0) {
        while (in_flight < in_flight_max && next < nconn) {
            conn_t *c = &conns[next++];
            if (!c->todo) continue;
            c->deadline = now_ns() + ROUND_TIMEOUT_NS;
            if (c->fd < 0) {
                c->attempts = 0;
                if (start_connect(c) < 0) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "socket/connect: %s", strerror(errno));
                    kill_conn(c, msg);
                    pending--;
                    failed++;
                    continue;
                }
            } else if (send_probe(c) < 0) {
                kill_conn(c, "sending the probe failed");
                pending--;
                failed++;
                continue;
            }
            in_flight++;
        }
        int n = epoll_wait(ep, evs, 512, 100);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("idle-client: epoll_wait");
            exit(1);
        }
        for (int k = 0; k < n; k++) {
            conn_t *c = evs[k].data.ptr;
            if (c == NULL) continue; /* stdin: commands wait until the round is over */
            if (c->state == IDLE) { if (!c->todo) idle_event(c); continue; }
            if (c->state == DEAD || c->fd < 0) continue;
            int still = 1;
            if (c->state == CONNECTING) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "connect: %s", strerror(err));
                    still = attempt_failed(c, msg);
                } else if (send_probe(c) < 0) {
                    still = attempt_failed(c, "sending the probe failed");
                }
            } else if (c->state == ECHOING) {
                ssize_t r = recv(c->fd, rbuf, sizeof rbuf, 0);
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                if (r <= 0) {
                    char msg[160];
                    snprintf(msg, sizeof msg, "%s before the echo", r == 0 ? "closed by the server" : strerror(errno));
                    still = attempt_failed(c, msg);
                } else if ((size_t)r > c->sent - c->recvd) {
                    kill_conn(c, "more bytes echoed than were sent");
                    still = 0;
                } else {
                    for (ssize_t j = 0; j < r; j++) {
                        if (rbuf[j] != pat(c->id, c->recvd + (size_t)j)) {
                            kill_conn(c, "wrong bytes echoed");
                            still = 0;
                            break;
                        }
                    }
                    if (still) {
                        c->recvd += (size_t)r;
                        if (c->recvd == probe_size) {
                            c->state = IDLE;
                            c->todo = 0;
                            in_flight--;
                            pending--;
                            ok++;
                            continue;
                        }
                    }
                }
            }
            if (!still) { in_flight--; pending--; failed++; }
        }
        uint64_t t = now_ns();
        if (t - last_scan > 100000000ull) { /* timeouts, ten times a second */
            last_scan = t;
            for (int i = 0; i < next; i++) {
                conn_t *c = &conns[i];
                if (c->todo && (c->state == CONNECTING || c->state == ECHOING) && t > c->deadline) {
                    if (!attempt_failed(c, c->state == CONNECTING ? "connect timed out" : "no echo in 10 s")) {
                        in_flight--;
                        pending--;
                        failed++;
                    }
                }
            }
        }
    }
    if (failed_out) *failed_out = failed;
    return ok;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* K round trips on one idle connection, blocking on poll(): the others stay untouched meanwhile. */
static void ping(long k, size_t size) {
    if (k <= 0) k = 1;
    if (size == 0 || size > MAX_SIZE) size = 64;
    conn_t *c = NULL;
    for (int d = 0; d < nconn && !c; d++) {
        int i = (nconn / 2 + d) % nconn;
        if (conns[i].state == IDLE) c = &conns[i];
    }
    if (!c) {
        printf("PING n=0 errors=1 (no idle connection)\n");
        fflush(stdout);
        errors++;
        return;
    }
    static unsigned char msg[MAX_SIZE];
    uint64_t *lat = malloc((size_t)k * sizeof(uint64_t));
    long done = 0, errs = 0;
    for (long m = 0; m < k && c->state == IDLE; m++) {
        for (size_t j = 0; j < size; j++) msg[j] = pat(c->id + (int)m, j);
        uint64_t t0 = now_ns();
        size_t sent = 0, recvd = 0;
        int bad = 0;
        while (recvd < size && !bad) {
            if (sent < size) {
                ssize_t n = send(c->fd, msg + sent, size - sent, MSG_NOSIGNAL);
                if (n > 0) sent += (size_t)n;
                else if (n < 0 && errno != EAGAIN && errno != EINTR) { kill_conn(c, "ping: send failed"); bad = 1; break; }
            }
            struct pollfd p = {.fd = c->fd, .events = POLLIN | (sent < size ? POLLOUT : 0)};
            int pr = poll(&p, 1, PING_TIMEOUT_MS);
            if (pr == 0) { kill_conn(c, "ping: no echo in 5 s"); bad = 1; break; }
            if (pr < 0) { if (errno == EINTR) continue; kill_conn(c, "ping: poll failed"); bad = 1; break; }
            if (!(p.revents & (POLLIN | POLLERR | POLLHUP))) continue;
            ssize_t r = recv(c->fd, rbuf, size - recvd, 0);
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (r <= 0) { kill_conn(c, r == 0 ? "ping: closed by the server" : "ping: recv failed"); bad = 1; break; }
            if ((size_t)r > sent - recvd || memcmp(rbuf, msg + recvd, (size_t)r) != 0) {
                kill_conn(c, "ping: wrong bytes echoed");
                bad = 1;
                break;
            }
            recvd += (size_t)r;
        }
        if (bad) { errs++; break; }
        lat[done++] = now_ns() - t0;
    }
    double p50 = 0, p99 = 0, max = 0;
    if (done) {
        qsort(lat, (size_t)done, sizeof(uint64_t), cmp_u64);
        p50 = lat[(size_t)(0.50 * (double)(done - 1))] / 1e3;
        p99 = lat[(size_t)(0.99 * (double)(done - 1))] / 1e3;
        max = lat[done - 1] / 1e3;
    }
    free(lat);
    printf("PING conn=%d n=%ld size=%zu p50_us=%.1f p99_us=%.1f max_us=%.1f errors=%ld\n", c->id, done, size, p50,
           p99, max, errs);
    fflush(stdout);
}

static int count(int state) {
    int n = 0;
    for (int i = 0; i < nconn; i++) n += conns[i].state == state;
    return n;
}

/* Events on idle connections (nothing should come) and on stdin; returns 1 when a line is ready in line. */
static char line[1024];
static size_t line_len;
static int stdin_eof;

static int read_command(void) {
    for (;;) {
        char *nl = memchr(line, '\n', line_len);
        if (nl) return 1;
        if (stdin_eof) return line_len > 0 ? 1 : 0;
        struct epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("idle-client: epoll_wait");
            exit(1);
        }
        for (int k = 0; k < n; k++) {
            conn_t *c = evs[k].data.ptr;
            if (c != NULL) {
                if (c->state == IDLE) idle_event(c);
                continue;
            }
            if (line_len == sizeof line - 1) line_len = 0; /* an absurd line: dropped */
            ssize_t r = read(0, line + line_len, sizeof line - 1 - line_len);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                stdin_eof = 1;
                epoll_ctl(ep, EPOLL_CTL_DEL, 0, NULL);
            } else line_len += (size_t)r;
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s HOST PORT N [IN_FLIGHT] [PROBE_SIZE]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *port = argv[2];
    nconn = atoi(argv[3]);
    if (argc > 4) in_flight_max = atoi(argv[4]);
    if (argc > 5) probe_size = (size_t)atol(argv[5]);
    if (nconn <= 0 || in_flight_max <= 0 || probe_size == 0 || probe_size > 64) {
        fprintf(stderr, "idle-client: bad arguments (N > 0, IN_FLIGHT > 0, 0 < PROBE_SIZE <= 64)\n");
        return 2;
    }

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)nconn + 16 > rl.rlim_cur) {
        fprintf(stderr, "idle-client: %d connections need %d descriptors; the limit is %llu (ulimit -Hn)\n", nconn,
                nconn + 16, (unsigned long long)rl.rlim_cur);
        return 2;
    }

    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    int gai = getaddrinfo(host, port, &hints, &addr);
    if (gai) { fprintf(stderr, "idle-client: %s: %s\n", host, gai_strerror(gai)); return 2; }

    ep = epoll_create1(0);
    conns = calloc((size_t)nconn, sizeof(conn_t));
    for (int i = 0; i < nconn; i++) conns[i] = (conn_t){.fd = -1, .id = i, .todo = 1};

    uint64_t t0 = now_ns();
    int ok = run_round(NULL);
    printf("CONNECTED %d errors=%ld secs=%.3f\n", ok, errors, (now_ns() - t0) / 1e9);
    fflush(stdout);

    struct epoll_event sev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, 0, &sev) < 0) stdin_eof = 1; /* stdin not pollable (a file): EOF = quit */

    while (read_command()) {
        char *nl = memchr(line, '\n', line_len);
        size_t len = nl ? (size_t)(nl - line) : line_len;
        char cmd[1024];
        memcpy(cmd, line, len);
        cmd[len] = 0;
        line_len -= nl ? len + 1 : len;
        memmove(line, line + (nl ? len + 1 : len), line_len);

        long k = 0, size = 0;
        char word[32] = "";
        sscanf(cmd, "%31s %ld %ld", word, &k, &size);
        if (strcmp(word, "ping") == 0) {
            ping(k, (size_t)size);
        } else if (strcmp(word, "status") == 0) {
            printf("STATUS idle=%d dead=%d errors=%ld\n", count(IDLE), count(DEAD), errors);
            fflush(stdout);
        } else if (strcmp(word, "sweep") == 0) {
            for (int i = 0; i < nconn; i++) conns[i].todo = conns[i].state == IDLE;
            uint64_t s0 = now_ns();
            retry = 0;
            int failed = 0, n = run_round(&failed);
            printf("SWEEP ok=%d errors=%d secs=%.3f\n", n, failed, (now_ns() - s0) / 1e9);
            fflush(stdout);
        } else if (strcmp(word, "quit") == 0) {
            break;
        } else if (word[0]) {
            printf("ERROR unknown command: %s\n", word);
            fflush(stdout);
        }
    }
    int open = 0;
    for (int i = 0; i < nconn; i++) {
        if (conns[i].fd >= 0) { open++; close(conns[i].fd); }
    }
    printf("CLOSED %d errors=%ld\n", open, errors);
    fflush(stdout);
    return errors == 0 ? 0 : 1;
}
