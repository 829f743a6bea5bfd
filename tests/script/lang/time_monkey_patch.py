from gevent import monkey
monkey.patch_all()
import time
import gevent
def worker(n):
    time.sleep(0.1 * n)
    print('worker', n, 'woke')
gevent.joinall([gevent.spawn(worker, i) for i in (3, 1, 2)])
print('patched sleep cooperates')
