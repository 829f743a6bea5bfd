# Tens of thousands of coroutines on one CPU: 10,000 greenlets each sleep a
# while and wake; the hub's timers keep them all waiting at once, in one thread.
import random
import time
import gevent

N = 10000
random.seed(7)
durations = [random.randint(1, 30) / 10 for i in range(N)]
woke = []


def sleeper(i):
    gevent.sleep(durations[i])
    woke.append(i)


start = time.time()
greenlets = [gevent.spawn(sleeper, i) for i in range(N)]
print("spawned %d greenlets, sleeping %.1f s to %.1f s" % (len(greenlets), min(durations),
                                                           max(durations)))
gevent.joinall(greenlets)
total = time.time() - start
print("all %d woke up" % len(woke))
print("together they slept %.0f s; it took a few seconds: %s" % (sum(durations), total < 10))
