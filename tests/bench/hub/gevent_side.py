# The gevent side of tests/bench/hub/compare.sh: the same work as
# BM_HubSleep0/2, BM_HubSleep0/1000 and BM_SpawnJoin, timed with
# time.perf_counter. Prints "name ns_per_item" lines. Needs python3-gevent.
import resource
import sys
import time

import gevent


def sleep0(n_greenlets, calls):
    stop = False

    def loop():
        while not stop:
            gevent.sleep(0)

    gs = [gevent.spawn(loop) for _ in range(n_greenlets)]
    gevent.sleep(0)
    rounds = max(1, calls // (n_greenlets + 1))
    t0 = time.perf_counter()
    for _ in range(rounds):
        gevent.sleep(0)
    elapsed = time.perf_counter() - t0
    stop = True
    gevent.joinall(gs)
    return elapsed * 1e9 / (rounds * (n_greenlets + 1))


def spawn_join(count):
    t0 = time.perf_counter()
    gevent.joinall([gevent.spawn(lambda: None) for _ in range(count)])
    return (time.perf_counter() - t0) * 1e9 / count


print("BM_HubSleep0/2 %.1f" % sleep0(2, 300000))
print("BM_HubSleep0/1000 %.1f" % sleep0(1000, 300000))
print("BM_SpawnJoin %.1f" % spawn_join(100000))
print("peak_rss_mib %.1f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
sys.stdout.flush()
