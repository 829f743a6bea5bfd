# urllib.request.urlopen against a tiny StreamServer HTTP server in the same
# script: with patch_all the request parks only its greenlet.
from gevent import monkey
monkey.patch_all()
import gevent
from gevent.server import StreamServer
import urllib.request
import urllib.error


def handle(conn, address):
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(1024)
        if not chunk:
            break
        request += chunk
    lines = request.decode().split("\r\n")
    print("server got:", lines[0], lines[1], lines[3], lines[4])
    path = lines[0].split(" ")[1]
    if path == "/missing":
        conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnope")
        return
    body = "hello from " + path
    conn.sendall(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                  % (len(body), body)).encode())


server = StreamServer(("127.0.0.1", 0), handle)
server.start()
base = "http://127.0.0.1:%d" % server.server_port


def fetch(path):
    with urllib.request.urlopen(base + path) as r:
        return r.status, r.getcode(), r.reason, r.getheader("Content-Type"), r.read()


jobs = [gevent.spawn(fetch, p) for p in ("/a", "/b")]
gevent.joinall(jobs)
for j in jobs:
    print(j.value)

r = urllib.request.urlopen(base + "/partial")
print(r.read(5), r.read(), r.read())
r.close()

try:
    urllib.request.urlopen(base + "/missing")
except urllib.error.HTTPError as e:
    print("HTTPError:", e, e.code, isinstance(e, urllib.error.URLError))
server.stop()

try:
    urllib.request.urlopen(base + "/gone")
except urllib.error.URLError as e:
    print("URLError:", e, type(e.reason).__name__)
