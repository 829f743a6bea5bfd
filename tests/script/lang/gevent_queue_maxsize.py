import gevent
from gevent.queue import Queue, Full
q = Queue(2)
q.put('a')
q.put('b')
print(q.full(), q.qsize())
try:
    q.put_nowait('c')
except Full as e:
    print(type(e).__name__)
try:
    q.put('c', timeout=0.1)
except Full as e:
    print('timeout', type(e).__name__)
def drainer():
    gevent.sleep(0.1)
    print('drained', q.get())
gevent.spawn(drainer)
q.put('c')
print('put c after drain', q.qsize())
q2 = Queue(maxsize=1)
q2.put(0)
print(q2.full())
