import gevent
def work(n, tag='t'):
    return n
g = gevent.spawn(work, 1, tag='kw')
print(g.args)
g.join()
print(g.args, g.value)
