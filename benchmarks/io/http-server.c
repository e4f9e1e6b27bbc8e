/*
 * E2 reference server: HTTP/1.1 keep-alive "hello world" in C, one thread, epoll level-triggered, the limit to
 * compare with.
 *
 *   http-server HOST PORT      (PORT 0: an ephemeral port)
 *
 * Prints "READY <port>" once listening. Every request, a header block ending in "\r\n\r\n" (no body: wrk and curl
 * send GETs), gets the same fixed response. Each readable connection: read up to 64 KiB, count the header blocks
 * that end in it (how much of "\r\n\r\n" the connection's bytes end with is carried to its next read, so requests
 * may be pipelined or split across reads), and send that many responses with one send. What the socket does not
 * take is owed: the connection stops reading (EPOLLOUT instead of EPOLLIN) until it is sent. Exits on SIGTERM or
 * SIGINT.
 *
 * Build: gcc -O2 -o http-server http-server.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536
#define BATCH 128 /* responses in the pre-built array; more owed are sent in several sends */

static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 13\r\n"
    "\r\n"
    "Hello, World!";
#define RLEN (sizeof RESPONSE - 1)

static const char END[4] = {'\r', '\n', '\r', '\n'};

/* BATCH responses back to back: any run of owed bytes starts somewhere in the first response and is sent from
 * here, so nothing is copied per request. */
static char batch[BATCH * RLEN];
/* One read buffer for every connection: only the scan state is kept between reads, never the bytes. */
static unsigned char in[BUF];

typedef struct {
    int fd;
    int matched;  /* how many bytes of "\r\n\r\n" the connection's bytes end with now: 0 to 3 */
    size_t owed;  /* response bytes not sent yet */
} conn_t;

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static void close_conn(int ep, conn_t *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* How many header blocks end in p[0, n); the same loop as HttpServer.EndScanner. */
static size_t scan(conn_t *c, const unsigned char *p, size_t n) {
    size_t ends = 0;
    int m = c->matched;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == (unsigned char)END[m]) {
            if (++m == 4) { m = 0; ends++; }
        } else {
            m = p[i] == '\r'; /* only '\r', the first byte, can restart a match */
        }
    }
    c->matched = m;
    return ends;
}

/* Sends what is owed; returns -1 if the connection failed, 0 if bytes still wait (interest switched to EPOLLOUT),
 * 1 when all is sent. */
static int flush_conn(int ep, conn_t *c) {
    while (c->owed > 0) {
        size_t start = (RLEN - c->owed % RLEN) % RLEN; /* where in a response the owed bytes begin */
        size_t len = sizeof batch - start;
        if (len > c->owed) len = c->owed;
        ssize_t n = send(c->fd, batch + start, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                return 0;
            }
            return -1;
        }
        c->owed -= (size_t)n;
    }
    return 1;
}

int main(int argc, char **argv) {
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    int port = argc > 2 ? atoi(argv[2]) : 0;
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    for (int i = 0; i < BATCH; i++) memcpy(batch + i * RLEN, RESPONSE, RLEN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &addr.sin_addr);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        perror("http-server: bind/listen");
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);
    printf("READY %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    int ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);
    struct epoll_event evs[512];
    while (!stop) {
        int n = epoll_wait(ep, evs, 512, 500);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        for (int k = 0; k < n; k++) {
            conn_t *c = evs[k].data.ptr;
            if (c == NULL) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn_t *nc = malloc(sizeof *nc);
                    nc->fd = fd;
                    nc->matched = 0;
                    nc->owed = 0;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            if (c->owed > 0) { /* waiting to write */
                int r = flush_conn(ep, c);
                if (r < 0) { close_conn(ep, c); continue; }
                if (r > 0) {
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
                continue;
            }
            ssize_t r = recv(c->fd, in, BUF, 0);
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
            if (r <= 0) { close_conn(ep, c); continue; } /* the client closed (or reset): quietly */
            c->owed = scan(c, in, (size_t)r) * RLEN;
            if (c->owed > 0 && flush_conn(ep, c) < 0) close_conn(ep, c);
        }
    }
    return 0;
}
