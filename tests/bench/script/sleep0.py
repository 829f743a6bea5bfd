# gevent.sleep(0) among G greenlets: each does R rounds of sleep(0), so G * R
# turns through the hub in all. compare.sh rewrites the sizes (the `G = ` and
# `R = ` lines; coroscope has no sys.argv) and runs it under /usr/bin/python3
# (gevent) and coroscope --headless.
import gevent

G = 1000
R = 1000
turns = 0


def worker():
    global turns
    for i in range(R):
        gevent.sleep(0)
        turns += 1


gevent.joinall([gevent.spawn(worker) for i in range(G)])
print("turns", turns)
