import gevent
def task(name, delays):
    for d in delays:
        gevent.sleep(d)
        print(name, 'after', d)
gevent.joinall([
    gevent.spawn(task, 'A', [0.2, 0.1]),
    gevent.spawn(task, 'B', [0.1, 0.3]),
    gevent.spawn(task, 'C', [0, 0]),
])
print('all done')
gevent.sleep()
print('sleep() with no args ok')
