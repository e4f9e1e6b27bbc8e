"""E2 correctness check for one running server: what wrk does not exercise (it sends one request at a time).

    python3 http_check.py HOST PORT

On one keep-alive connection: 2 requests in one send (pipelined), 1 request split across 4 sends inside its
"\\r\\n\\r\\n", 100 requests in one send; each answer must be exactly the expected responses, in full and nothing
more. Then a connection that closes in the middle of a request, and one more request on a new connection to show
the server is still serving. Prints "OK" or what went wrong (exit status 1).
"""
import socket
import sys
import time

RESPONSE = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/plain\r\n"
            b"Content-Length: 13\r\n"
            b"\r\n"
            b"Hello, World!")


def request(host, port):
    return b"GET / HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: http_check\r\n\r\n" % (host.encode(), port)


def expect(sock, n, what):
    want = RESPONSE * n
    got = b""
    deadline = time.monotonic() + 5
    while len(got) < len(want) and time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        got += chunk
    # Anything beyond the expected responses would be a request answered twice.
    sock.settimeout(0.2)
    try:
        got += sock.recv(65536)
    except socket.timeout:
        pass
    if got != want:
        raise SystemExit("FAILED %s: expected %d responses (%d bytes), got %d bytes: %r"
                         % (what, n, len(want), len(got), got[:200]))


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    req = request(host, port)
    with socket.create_connection((host, port)) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(req + req)
        expect(s, 2, "2 pipelined requests")
        end = len(req)
        # Split inside the final "\r\n\r\n": "...\r" | "\n\r" | "\n".
        for part in (req[:10], req[10:end - 3], req[end - 3:end - 1], req[end - 1:]):
            s.sendall(part)
            time.sleep(0.05)
        expect(s, 1, "1 request in 4 sends")
        s.sendall(req * 100)
        expect(s, 100, "100 pipelined requests")
    with socket.create_connection((host, port)) as s:
        s.sendall(req[:20])  # and close: the server must just close its side
        time.sleep(0.05)
    with socket.create_connection((host, port)) as s:
        s.sendall(req)
        expect(s, 1, "1 request after a client closed mid-request")
    print("OK")


if __name__ == "__main__":
    main()
