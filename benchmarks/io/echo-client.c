/*
 * E1 load generator: echo ping-pong over N connections, one thread, epoll (level-triggered).
 *
 *   echo-client HOST PORT CONNECTIONS SIZE WARMUP_S MEASURE_S [SERVER_PID]
 *
 * Each connection sends a message of SIZE bytes, waits until all SIZE bytes have come back (checking every byte),
 * then sends the next one. Messages completed in the first WARMUP_S seconds are not counted; over the next
 * MEASURE_S seconds it counts messages and records each round trip (send of the first byte to receipt of the last).
 * With SERVER_PID it reads /proc/SERVER_PID/stat (utime + stime, all threads) at the start and end of the
 * measurement, so the server's CPU time per message covers exactly the counted messages.
 *
 * Prints one line:
 *   RESULT conns=50 size=64 msgs=123456 secs=3.000 msgs_per_s=41152 p50_us=1203.1 p99_us=2101.9
 *          server_cpu_s=2.95 server_cpu_us_per_msg=23.9 client_cpu_s=1.2 alive=50 stalled=0 errors=0
 * stalled counts connections that completed no message during the measurement. errors counts wrong bytes, connections closed by the server and failed connects; any error also goes to stderr.
 * Exit status 0 when errors=0 and at least one message was measured, 1 otherwise.
 *
 * Build: gcc -O2 -o echo-client echo-client.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int id;
    size_t sent;        /* bytes of the current message written */
    size_t recvd;       /* bytes of the current message echoed back */
    uint64_t t0;        /* when the current message's first byte was written */
    unsigned seq;       /* message number on this connection: varies the pattern */
    int want_out;       /* EPOLLOUT registered */
    long measured;      /* messages completed in the measurement */
    int dead;
} conn_t;

static size_t size;
static unsigned char *pattern; /* 2 * size bytes of a pattern; message k starts at offset (k * 7 + id) % size */
static long errors;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static const unsigned char *msg(conn_t *c) {
    return pattern + ((size_t)c->seq * 7 + (size_t)c->id) % size;
}

static double proc_cpu_s(int pid) {
    if (pid <= 0) return -1;
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* the command may contain spaces */
    if (!p) return -1;
    /* after ')': state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8) flags(9) minflt(10) cminflt(11) majflt(12)
       cmajflt(13) utime(14) stime(15) */
    unsigned long long utime = 0, stime = 0;
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static double self_cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void set_out(int ep, conn_t *c, int on) {
    if (c->want_out == on) return;
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = on;
}

static void kill_conn(int ep, conn_t *c, const char *why) {
    if (c->dead) return;
    fprintf(stderr, "echo-client: connection %d: %s\n", c->id, why);
    errors++;
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->dead = 1;
}

/* Writes what the socket takes of the current message. */
static void pump_out(int ep, conn_t *c) {
    while (c->sent < size) {
        ssize_t n = send(c->fd, msg(c) + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) { set_out(ep, c, 1); return; }
            if (errno == EINTR) continue;
            kill_conn(ep, c, strerror(errno));
            return;
        }
        c->sent += (size_t)n;
    }
    set_out(ep, c, 0);
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: %s HOST PORT CONNECTIONS SIZE WARMUP_S MEASURE_S [SERVER_PID]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *port = argv[2];
    int nconn = atoi(argv[3]);
    size = (size_t)atol(argv[4]);
    double warmup = atof(argv[5]), measure = atof(argv[6]);
    int server_pid = argc > 7 ? atoi(argv[7]) : 0;
    if (nconn <= 0 || size == 0) { fprintf(stderr, "echo-client: bad arguments\n"); return 2; }

    pattern = malloc(2 * size);
    for (size_t i = 0; i < 2 * size; i++) pattern[i] = (unsigned char)(i * 31 + (i >> 8) * 17 + 1);
    unsigned char *rbuf = malloc(size > 65536 ? size : 65536);

    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *ai;
    int gai = getaddrinfo(host, port, &hints, &ai);
    if (gai) { fprintf(stderr, "echo-client: %s: %s\n", host, gai_strerror(gai)); return 2; }

    int ep = epoll_create1(0);
    conn_t *conns = calloc((size_t)nconn, sizeof(conn_t));
    /* Blocking connects one after another: on loopback each returns once the server's kernel has queued it, so a
       small listen backlog does not turn into dropped SYNs and one-second retries. */
    for (int i = 0; i < nconn; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            fprintf(stderr, "echo-client: connect %d: %s\n", i, strerror(errno));
            return 1;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        conns[i] = (conn_t){.fd = fd, .id = i};
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    freeaddrinfo(ai);

    size_t lat_cap = 1 << 20, lat_n = 0;
    uint64_t *lat = malloc(lat_cap * sizeof(uint64_t));
    long measured = 0;

    uint64_t start = now_ns();
    uint64_t m_start = start + (uint64_t)(warmup * 1e9), m_end = m_start + (uint64_t)(measure * 1e9);
    int measuring = 0;
    double srv0 = -1, srv1 = -1, cli0 = 0, cli1 = 0;

    for (int i = 0; i < nconn; i++) { conns[i].t0 = now_ns(); pump_out(ep, &conns[i]); }

    struct epoll_event evs[512];
    for (;;) {
        uint64_t t = now_ns();
        if (!measuring && t >= m_start) {
            measuring = 1;
            srv0 = proc_cpu_s(server_pid);
            cli0 = self_cpu_s();
            m_start = t;
        }
        if (t >= m_end) break;
        int n = epoll_wait(ep, evs, 512, 10);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        for (int k = 0; k < n; k++) {
            conn_t *c = evs[k].data.ptr;
            if (c->dead) continue;
            if (evs[k].events & EPOLLOUT) pump_out(ep, c);
            if (c->dead || !(evs[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
            size_t want = size - c->recvd;
            ssize_t r = recv(c->fd, rbuf, want < 65536 ? want : 65536, 0);
            if (r < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
                kill_conn(ep, c, strerror(errno));
                continue;
            }
            if (r == 0) { kill_conn(ep, c, "closed by the server"); continue; }
            if ((size_t)r > c->sent - c->recvd) { kill_conn(ep, c, "more bytes back than were sent"); continue; }
            if (memcmp(rbuf, msg(c) + c->recvd, (size_t)r) != 0) { kill_conn(ep, c, "wrong bytes echoed"); continue; }
            c->recvd += (size_t)r;
            if (c->recvd == size) {
                uint64_t t1 = now_ns();
                if (measuring && t1 < m_end) {
                    measured++;
                    c->measured++;
                    if (lat_n == lat_cap) { lat_cap *= 2; lat = realloc(lat, lat_cap * sizeof(uint64_t)); }
                    lat[lat_n++] = t1 - c->t0;
                }
                c->seq++;
                c->sent = c->recvd = 0;
                c->t0 = t1;
                pump_out(ep, c);
            }
        }
    }
    uint64_t end = now_ns();
    if (measuring) { srv1 = proc_cpu_s(server_pid); cli1 = self_cpu_s(); }
    double secs = (end - m_start) / 1e9;

    /* A connection that completed no message in the whole measurement is stalled (reported, not an error). */
    int alive = 0, stalled = 0;
    for (int i = 0; i < nconn; i++) {
        if (!conns[i].dead) { alive++; close(conns[i].fd); }
        if (conns[i].measured == 0) stalled++;
    }

    double p50 = 0, p99 = 0;
    if (lat_n) {
        qsort(lat, lat_n, sizeof(uint64_t), cmp_u64);
        p50 = lat[(size_t)(0.50 * (lat_n - 1))] / 1e3;
        p99 = lat[(size_t)(0.99 * (lat_n - 1))] / 1e3;
    }
    double srv = (srv0 >= 0 && srv1 >= 0) ? srv1 - srv0 : -1;
    printf("RESULT conns=%d size=%zu msgs=%ld secs=%.3f msgs_per_s=%.0f p50_us=%.1f p99_us=%.1f "
           "server_cpu_s=%.2f server_cpu_us_per_msg=%.2f client_cpu_s=%.2f alive=%d stalled=%d errors=%ld\n",
           nconn, size, measured, secs, measured / secs, p50, p99, srv,
           (srv >= 0 && measured) ? srv * 1e6 / measured : -1, cli1 - cli0, alive, stalled, errors);
    fflush(stdout);
    return (errors == 0 && measured > 0) ? 0 : 1;
}
