import gevent
from greenlet import GreenletExit
def forever():
    try:
        while True:
            gevent.sleep(0.1)
    except GreenletExit:
        print('got GreenletExit, re-raising')
        raise
g = gevent.spawn(forever)
gevent.sleep(0.25)
g.kill()
print(g.dead, g.successful(), type(g.value).__name__)
