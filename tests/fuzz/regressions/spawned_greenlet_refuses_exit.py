import gevent
def f():
    while True:
        try:
            gevent.sleep(0)
        except BaseException:
            pass
g = gevent.spawn(f)
gevent.sleep(0)
