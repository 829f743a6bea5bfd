import gevent
from gevent import Timeout
t = Timeout(0.5)
print(str(t), t.seconds, t.pending, t.args, isinstance(t, BaseException), Timeout.__mro__ if False else '')
print(str(Timeout(1)), str(Timeout(2, False)), str(Timeout(None)), repr(str(Timeout(1.5, ValueError('x')))))
t.start(); print(t.pending); t.cancel(); print(t.pending)
try:
    with Timeout(0.1) as tt:
        print(tt is not None)
        gevent.sleep(1)
except Timeout as e:
    print("caught", e, e is tt, type(e).__name__)
with Timeout(0.1, False):
    gevent.sleep(1)
    print("never")
print("silent ok")
try:
    with Timeout(0.1, ValueError("custom")):
        gevent.sleep(1)
except ValueError as e:
    print("custom", e)
def inner():
    with Timeout(0.2):
        gevent.sleep(0.05)
    return "fine"
print(inner())
print(gevent.with_timeout(0.1, gevent.sleep, 1, timeout_value="tv"))
try:
    gevent.with_timeout(0.1, gevent.sleep, 1)
except Timeout as e:
    print("with_timeout raised", e)
t2 = Timeout.start_new(0.1)
try:
    gevent.sleep(1)
except Timeout as e:
    print("start_new", e is t2)
from gevent.event import AsyncResult
r = AsyncResult()
try:
    r.get(timeout=0.1)
except Timeout as e:
    print("AsyncResult", type(e).__name__, e)
