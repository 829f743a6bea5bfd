# After patch_all, socket.socket is gevent's: recv parks only its greenlet.
from gevent import monkey
monkey.patch_all()
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
    c.connect(("127.0.0.1", port))
    c.settimeout(0.3)
    print("waiter: recv parks only this greenlet")
    try:
        c.recv(10)
    except socket.timeout as e:
        print("waiter:", type(e).__name__, e)
    c.settimeout(None)
    c.close()


gevent.joinall([gevent.spawn(waiter), gevent.spawn(ticker)])
server.close()
