/*
 * E1 reference server: a plain echo server in C, one thread, epoll level-triggered, the limit to compare with.
 *
 *   echo-server HOST PORT      (PORT 0: an ephemeral port)
 *
 * Prints "READY <port>" once listening. Each readable connection: read up to 64 KiB into the one shared buffer,
 * write it back; what the socket does not take is copied into a buffer of the connection's own, and the connection
 * stops reading (EPOLLOUT instead of EPOLLIN) until it is written. An idle connection holds only its small conn_t
 * (as a server built for many connections does; E3 measures that).
 * Exits on SIGTERM or SIGINT.
 *
 * Build: gcc -O2 -o echo-server echo-server.c
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

typedef struct {
    int fd;
    size_t off, len;       /* pending bytes pending[off, len) */
    unsigned char *pending; /* NULL while nothing waits */
} conn_t;

static unsigned char shared[BUF];

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static void close_conn(int ep, conn_t *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->pending);
    free(c);
}

/*
 * Writes buf[off, len) (the shared buffer or the connection's pending bytes); returns -1 if the connection failed,
 * 0 if bytes wait (kept in c->pending, interest switched to EPOLLOUT), 1 once all are written.
 */
static int send_all(int ep, conn_t *c, const unsigned char *buf, size_t off, size_t len) {
    while (off < len) {
        ssize_t n = send(c->fd, buf + off, len - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (buf != c->pending) {
                    c->pending = malloc(len - off);
                    memcpy(c->pending, buf + off, len - off);
                    c->off = 0;
                    c->len = len - off;
                    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                } else {
                    c->off = off;
                }
                return 0;
            }
            return -1;
        }
        off += (size_t)n;
    }
    if (buf == c->pending) {
        free(c->pending);
        c->pending = NULL;
        c->off = c->len = 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    int port = argc > 2 ? atoi(argv[2]) : 0;
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &addr.sin_addr);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        perror("echo-server: bind/listen");
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
                    nc->off = nc->len = 0;
                    nc->pending = NULL;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            if (c->pending != NULL) { /* waiting to write */
                int r = send_all(ep, c, c->pending, c->off, c->len);
                if (r < 0) { close_conn(ep, c); continue; }
                if (r > 0) {
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
                continue;
            }
            ssize_t r = recv(c->fd, shared, BUF, 0);
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
            if (r <= 0) { close_conn(ep, c); continue; }
            if (send_all(ep, c, shared, 0, (size_t)r) < 0) close_conn(ep, c);
        }
    }
    return 0;
}
