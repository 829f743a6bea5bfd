import time
import gevent
def other():
    print('other runs')
g = gevent.spawn(other)
t0 = time.monotonic()
time.sleep(0.1)
print('blocking sleep done, other started:', g.dead)
gevent.sleep(0)
print('after gevent.sleep, other dead:', g.dead)
print(time.monotonic() - t0 >= 0.1)
