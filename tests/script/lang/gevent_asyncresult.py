import gevent
from gevent.event import AsyncResult
ar = AsyncResult()
print(ar.ready())
def producer():
    gevent.sleep(0.1)
    print('setting')
    ar.set('payload')
def consumer(n):
    print('consumer', n, 'got', ar.get())
gevent.joinall([gevent.spawn(consumer, 1), gevent.spawn(consumer, 2), gevent.spawn(producer)])
print(ar.ready(), ar.get())
none_ar = AsyncResult()
none_ar.set()
print(none_ar.ready(), none_ar.get())
