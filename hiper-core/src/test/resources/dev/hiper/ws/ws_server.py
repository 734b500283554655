# A WebSocket server outside the JVM for hiper's interop tests: Debian's python3-websockets,
# started by WebSocketPythonTest on 127.0.0.1. Arguments: PORT [CERT_CHAIN KEY] (TLS when given).
# Paths: /echo echoes every message (permessage-deflate when the client offers it, as the
# library does by default); /ext sends the extensions the handshake agreed; /frag sends one text
# message in three fragments and closes; /ping pings, sends "pong <payload>" once the pong came,
# then closes with 4001.
import asyncio
import ssl
import sys

import websockets


async def handler(ws, path=None):
    path = path or ws.path
    if path == "/echo":
        async for message in ws:
            await ws.send(message)
    elif path == "/ext":
        await ws.send(ws.response_headers.get("Sec-WebSocket-Extensions", ""))
        await ws.wait_closed()
    elif path == "/frag":
        await ws.send(["ab", "cd", "ef"])
        await ws.close(1000, "")
    elif path == "/ping":
        waiter = await ws.ping(b"hiper-ping")
        await asyncio.wait_for(waiter, 10)
        await ws.send("pong hiper-ping")
        await ws.close(4001, "done here")
    else:
        await ws.close(1008, "no such path")


async def main():
    port = int(sys.argv[1])
    context = None
    if len(sys.argv) > 3:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
    async with websockets.serve(handler, "127.0.0.1", port, ssl=context, max_size=None):
        await asyncio.Future()


asyncio.run(main())
