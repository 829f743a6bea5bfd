import time
import random
import greenlet
import gevent
from greenlet import greenlet as G, getcurrent
from gevent import sleep, spawn
from gevent.event import Event
from gevent.queue import Queue, Empty
print(type(time).__name__, time.__name__, gevent.__name__)
print(G is greenlet.greenlet, getcurrent is greenlet.getcurrent)
print(sleep is gevent.sleep, Event is gevent.event.Event, Queue is gevent.queue.Queue, Empty is gevent.queue.Empty)
