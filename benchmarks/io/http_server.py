"""E2 HTTP/1.1 keep-alive "hello world" servers in Python asyncio, one event loop on one thread.

    python3 http_server.py streams|protocol [--uvloop] [HOST] [PORT]

Every request, a header block ending in b"\\r\\n\\r\\n" (no body: wrk and curl send GETs), gets the same fixed
response. Requests may be pipelined or split across reads; both variants answer each complete one, in order.
streams: asyncio.start_server; each connection readuntil(b"\\r\\n\\r\\n"), write the response, drain, until the
    client closes.
protocol: loop.create_server with a Protocol whose data_received counts the header blocks that end in the data (a
    partial one is carried to the next call) and writes that many responses at once.
--uvloop runs the same code on uvloop's loop (Debian's python3-uvloop goes with /usr/bin/python3).
Prints "READY <port>" once listening; exits on SIGTERM or SIGINT.
"""
import asyncio
import signal
import socket
import sys

RESPONSE = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/plain\r\n"
            b"Content-Length: 13\r\n"
            b"\r\n"
            b"Hello, World!")
END = b"\r\n\r\n"


async def handle(reader, writer):
    try:
        while True:
            await reader.readuntil(END)
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass  # the client closed, between requests or in the middle of one
    except asyncio.LimitOverrunError:
        pass  # a header block over 64 KiB: not a client of this benchmark
    finally:
        writer.close()


class Http(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.tail = b""  # the bytes after the last complete header block, at most 3 of them
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        buf = self.tail + data if self.tail else data
        # bytes.count counts leftmost first without overlap, as readuntil and the other servers' scan do.
        n = buf.count(END)
        if n:
            buf = buf[buf.rfind(END) + len(END):]
            self.transport.write(RESPONSE if n == 1 else RESPONSE * n)
        # A block can only begin in the last 3 bytes: anything earlier would have ended within buf.
        self.tail = buf[-3:]


async def main(mode, host, port):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    # asyncio sets TCP_NODELAY on every stream socket itself (3.6+); the Protocol sets it too, to be sure.
    if mode == "streams":
        server = await asyncio.start_server(handle, host, port, backlog=1024)
    elif mode == "protocol":
        server = await loop.create_server(Http, host, port, backlog=1024)
    else:
        raise SystemExit("mode: streams or protocol")
    print("READY", server.sockets[0].getsockname()[1], flush=True)
    await stop
    server.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--uvloop"]
    if "--uvloop" in sys.argv:
        import uvloop
        uvloop.install()
    mode = args[0] if args else "streams"
    host = args[1] if len(args) > 1 else "127.0.0.1"
    port = int(args[2]) if len(args) > 2 else 0
    asyncio.run(main(mode, host, port))
