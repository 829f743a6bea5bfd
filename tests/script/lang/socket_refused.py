# Connecting to a port where nothing listens: ConnectionRefusedError.
import socket

probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()  # the port is now free and nobody listens there

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect(("127.0.0.1", port))
except ConnectionRefusedError as e:
    print(type(e).__name__, e)
    print(e.errno, e.strerror, e.args)
    print(isinstance(e, OSError), isinstance(e, ConnectionError), isinstance(e, socket.error))
finally:
    s.close()
try:
    s.recv(10)
except OSError as e:
    print("closed:", e)
try:
    s.sendall("text")
except TypeError as e:
    print(e)
print(OSError(2, "No such file"))
print(socket.timeout is TimeoutError)
c = socket.socket()
try:
    c.connect(("127.0.0.1", port))
except OSError as e:
    print(repr(e))
c.close()
