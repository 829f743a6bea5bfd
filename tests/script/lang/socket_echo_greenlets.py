# An echo server greenlet and client greenlets on gevent's cooperative sockets.
import gevent
from gevent import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(5)
port = server.getsockname()[1]
print("listening:", port > 0)


def serve(n):
    for i in range(n):
        conn, addr = server.accept()
        print("server: accepted a client from", addr[0])
        gevent.spawn(echo, conn)


def echo(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        print("server: echoing", data)
        conn.sendall(data.decode().upper().encode())
    conn.close()


def client(name):
    c = socket.socket()
    c.connect(("127.0.0.1", port))
    c.sendall(name.encode())
    reply = c.recv(1024)
    print(name, "got", reply)
    c.close()
    return reply


s = gevent.spawn(serve, 2)
a = gevent.spawn(client, "alpha")
gevent.joinall([a])
b = gevent.spawn(client, "beta")
gevent.joinall([s, b])
print(a.value, b.value)
server.close()
print(server.fileno())
