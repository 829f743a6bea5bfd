# The article's socket server: one greenlet per connection, each parked on its
# socket until a client sends a line, which it echoes back.
# Connect from the Clients panel, or from a terminal: nc 127.0.0.1 8001
import sys

from gevent import monkey

monkey.patch_all()

import gevent
import socket

# 127.0.0.1: only this machine can connect. "0.0.0.0" would listen on every
# network interface, open to anyone who can reach this one: ask for it on purpose.
HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8001  # as in the article


def server(port):
    s = socket.socket()
    s.bind((HOST, port))
    s.listen(500)
    print("serving on %s:%d" % (HOST, s.getsockname()[1]))
    while True:
        cli, addr = s.accept()
        gevent.spawn(handle_request, cli)


def handle_request(conn):
    try:
        while True:
            data = conn.recv(1024)
            print("recv:", data)
            conn.send(data)
            if not data:
                conn.shutdown(socket.SHUT_WR)
                # The article has this break commented out: on a closed connection
                # recv() then returns b'' at once, forever, and this greenlet never
                # switches again. Comment it out to watch it hold the CPU while
                # every other client waits: blocking the hub blocks them all.
                break
    except Exception as ex:
        print(ex)
    finally:
        conn.close()


if __name__ == "__main__":
    server(PORT)
