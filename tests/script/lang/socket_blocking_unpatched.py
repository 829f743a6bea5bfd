# Before monkey-patching, socket is the standard library's: a blocking call
# blocks the whole thread, so no other greenlet runs while it waits.
import socket
import gevent

server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
port = server.getsockname()[1]


def ticker():
    for i in range(3):
        print("tick", i)
        gevent.sleep(0.05)


def waiter():
    c = socket.socket()
    c.connect(("127.0.0.1", port))  # the kernel completes it: the backlog
    c.settimeout(0.3)
    print("waiter: recv blocks the whole thread...")
    try:
        c.recv(10)
    except socket.timeout as e:
        print("waiter:", type(e).__name__, e)
    c.close()


gevent.joinall([gevent.spawn(waiter), gevent.spawn(ticker)])
conn, addr = server.accept()
print("accepted", addr[0])
c2 = socket.socket()
c2.connect(("127.0.0.1", port))
conn2, _ = server.accept()
c2.sendall(b"ping")
print(conn2.recv(10))
conn2.send(b"pong")
print(c2.recv(10))
for s in (conn, conn2, c2, server):
    s.close()
