import gevent
from gevent import getcurrent
main = getcurrent()
def who():
    me = getcurrent()
    print(me is g, me is not main, isinstance(me, gevent.Greenlet))
g = gevent.spawn(who)
g.join()
print(getcurrent() is main)
hub = gevent.get_hub()
print(hub is gevent.get_hub(), type(hub).__name__)
