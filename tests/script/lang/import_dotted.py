import gevent.queue
import gevent.event
print(gevent.__name__, gevent.queue.Queue is not None, gevent.event.Event is not None)
print(gevent.queue.Queue().qsize(), gevent.event.Event().is_set())
import gevent.monkey as m
print(m.__name__)
