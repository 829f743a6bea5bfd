# A generator expression is lazy, and runs on a fiber of its own: it can
# switch greenlets while it produces items.
import gevent

def slow(n):
    gevent.sleep(0.01)
    return n * 10

g = (slow(i) for i in range(3))
print(type(g).__name__)
worker = gevent.spawn(lambda: sum(slow(i) for i in range(4)))
print(next(g), list(g), worker.get())
print(sum(x for x in range(5) if x % 2), any(x > 3 for x in range(5)))
