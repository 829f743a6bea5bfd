import gevent
def work(n, tag='t'):
    print('work', n, tag)
    gevent.sleep(0)
    print('work done', n)
    return n * 10
g1 = gevent.spawn(work, 1)
g2 = gevent.spawn(work, 2, tag='kw')
print('spawned', g1.started, g1.dead, g1.ready())
g1.join()
print('g1 joined', g1.dead, g1.value, g1.ready(), g1.successful())
print(g2.get())
print(bool(g1), bool(g2))
g3 = gevent.spawn(lambda: 'lam')
print(g3.value)
g3.join()
print(g3.value, g3.exception)
