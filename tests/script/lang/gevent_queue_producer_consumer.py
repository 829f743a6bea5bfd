import gevent
from gevent.queue import Queue
q = Queue()
def producer(n):
    for i in range(n):
        q.put(i)
        print('put', i)
        gevent.sleep(0.01)
    q.put(None)
def consumer(name):
    while True:
        item = q.get()
        if item is None:
            print(name, 'done')
            break
        print(name, 'got', item)
gevent.joinall([gevent.spawn(producer, 4), gevent.spawn(consumer, 'c')])
