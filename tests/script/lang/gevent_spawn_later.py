import gevent
order = []
def mark(name):
    order.append(name)
gevent.spawn_later(0.3, mark, 'late')
gevent.spawn_later(0.1, mark, 'early')
gevent.spawn_later(0.2, mark, 'mid')
gevent.spawn(mark, 'now')
print(order)
gevent.sleep(0.5)
print(order)
g = gevent.spawn_later(1, mark, 'never')
print(g.started, g.dead)
g.kill()
print(g.dead)
gevent.sleep(1.5)
print(order)
