import gevent
from gevent import Greenlet
def hello(who):
    print('hello', who)
    return who.upper()
g = Greenlet(hello, 'world')
print(g.started, g.ready(), g.dead)
g.start()
print(g.started, g.ready())
g.join()
print(g.ready(), g.successful(), g.value, g.dead)
print(isinstance(g, Greenlet), isinstance(gevent.spawn(hello, 'x'), Greenlet))
gevent.sleep(0)
g2 = Greenlet(hello, 'unstarted')
gevent.sleep(0.1)
print(g2.started, g2.value)
print(Greenlet.__name__)
