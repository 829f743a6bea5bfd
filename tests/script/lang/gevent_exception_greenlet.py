import gevent
def boom():
    raise ZeroDivisionError('nope')
g = gevent.spawn(boom)
g.join()
print(g.dead, g.successful(), g.ready(), g.value)
print(type(g.exception).__name__, g.exception)
try:
    g.get()
except ZeroDivisionError as e:
    print('get re-raised', e)
print('main continues')
