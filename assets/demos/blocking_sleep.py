# time.sleep() blocks the whole thread, hub and all: the sleeps add up (3 s).
# Set PATCH = True and run again: monkey.patch_all() makes it gevent's, 2 s.
PATCH = False

if PATCH:
    from gevent import monkey

    monkey.patch_all()

import time
import gevent

start = time.time()


def elapsed():
    # Rounded to half seconds, so every run prints the same.
    return round((time.time() - start) * 2) / 2


def worker(name, seconds):
    print("%s: sleeps %d s" % (name, seconds))
    time.sleep(seconds)
    print("%s: awake after %.1f s" % (name, elapsed()))


gevent.joinall([gevent.spawn(worker, "foo", 1), gevent.spawn(worker, "bar", 2)])
print("total: %.1f s (patched: %s)" % (elapsed(), PATCH))
