import gevent
from greenlet import GreenletExit
def forever():
    try:
        while True:
            gevent.sleep(0.1)
    finally:
        print('cleanup')
g = gevent.spawn(forever)
gevent.sleep(0.25)
g.kill()
print(g.dead, g.successful(), type(g.value).__name__, g.exception)
def fast():
    return 'fast'
f = gevent.spawn(fast)
f.join()
f.kill()
print(f.value, f.dead)
n = gevent.spawn(fast)
n.kill()
print(n.dead, repr(n.value) if not isinstance(n.value, GreenletExit) else 'GreenletExit')
def stubborn():
    try:
        gevent.sleep(10)
    except GreenletExit:
        return 'caught and returned'
s = gevent.spawn(stubborn)
gevent.sleep(0)
s.kill()
print(s.value, s.successful())
