# gevent's hub runs the greenlets: gevent.sleep() parks one on a timer and lets
# the others run, so foo's 1 s and bar's 2 s overlap: 2 s in all, not 3.
import time
import gevent

start = time.time()


def elapsed():
    # Rounded to half seconds, so every run prints the same.
    return round((time.time() - start) * 2) / 2


def foo():
    print("foo: start")
    gevent.sleep(1)
    print("foo: done after %.1f s" % elapsed())


def bar():
    print("bar: start")
    gevent.sleep(2)
    print("bar: done after %.1f s" % elapsed())


gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])
print("total: %.1f s" % elapsed())
