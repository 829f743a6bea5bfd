import gevent
from gevent.event import AsyncResult
empty = AsyncResult()
try:
    empty.get(timeout=0.1)
except gevent.Timeout as e:
    print('Timeout', type(e).__name__)
try:
    empty.get(block=False)
except gevent.Timeout as e:
    print('Timeout nonblocking', type(e).__name__)
ar = AsyncResult()
ar.set(5)
print(ar.value, ar.successful())
