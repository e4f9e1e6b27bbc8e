"""E1 echo servers in Python asyncio, one event loop on one thread.

    python3 echo_server.py streams|protocol [--uvloop] [HOST] [PORT]

streams: asyncio.start_server; each connection reads up to 64 KiB, writes it back and drains, until end of stream.
protocol: loop.create_server with a Protocol whose data_received writes the data back.
--uvloop runs the same code on uvloop's loop (Debian's python3-uvloop goes with /usr/bin/python3).
Prints "READY <port>" once listening; exits on SIGTERM or SIGINT.
"""
import asyncio
import signal
import socket
import sys


async def handle(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        self.transport.write(data)


async def main(mode, host, port):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    # asyncio sets TCP_NODELAY on every stream socket itself (3.6+); the Protocol sets it too, to be sure.
    if mode == "streams":
        server = await asyncio.start_server(handle, host, port, backlog=1024)
    elif mode == "protocol":
        server = await loop.create_server(Echo, host, port, backlog=1024)
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
