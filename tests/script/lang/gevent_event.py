import gevent
from gevent.event import Event
ev = Event()
print(ev.is_set(), ev.ready())
def waiter(n):
    print('waiter', n, 'waiting')
    r = ev.wait()
    print('waiter', n, 'woke', r)
def setter():
    gevent.sleep(0.1)
    print('setting')
    ev.set()
gevent.joinall([gevent.spawn(waiter, 1), gevent.spawn(waiter, 2), gevent.spawn(setter)])
print(ev.is_set(), ev.wait(), ev.wait(0.1))
ev.clear()
print(ev.is_set())
print(ev.wait(timeout=0.2))
print(ev.wait(0))
ev.set()
print(ev.isSet())
