import gevent
def loop(name):
    try:
        while True:
            gevent.sleep(0.1)
    finally:
        print('stopping', name)
gs = [gevent.spawn(loop, n) for n in 'abc']
gevent.sleep(0.15)
gevent.killall(gs)
print([g.dead for g in gs])
