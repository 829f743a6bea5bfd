# gevent.server.StreamServer: handle(conn, address) in a greenlet per client.
import gevent
from gevent.server import StreamServer
from gevent import socket


def handle(conn, address):
    data = conn.recv(1024)
    print("handler got", data, "from", address[0])
    conn.sendall(b"echo: " + data)


server = StreamServer(("127.0.0.1", 0), handle)
server.start()
port = server.server_port
print("started:", port > 0, server.address[0])


def client(i):
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(("hello %d" % i).encode())
    reply = c.recv(1024)
    rest = c.recv(1024)  # the server closes the connection once handle returns
    c.close()
    return reply, rest


clients = [gevent.spawn(client, i) for i in range(3)]
gevent.joinall(clients)
for g in clients:
    print(g.value)
server.stop()
print("stopped")


def serve_briefly():
    srv = StreamServer(("127.0.0.1", 0), handle)
    gevent.spawn_later(0.1, srv.stop)
    srv.serve_forever()
    print("serve_forever returned")


gevent.spawn(serve_briefly).join()
