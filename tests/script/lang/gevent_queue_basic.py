from gevent.queue import Queue, Empty
q = Queue()
print(q.empty(), q.qsize(), q.full())
q.put(1)
q.put('two')
q.put_nowait([3])
print(q.qsize(), q.empty())
print(q.get(), q.get(), q.get_nowait())
print(q.empty())
try:
    q.get_nowait()
except Empty as e:
    print(type(e).__name__, repr(str(e)))
try:
    q.get(block=False)
except Empty as e:
    print('block=False', type(e).__name__)
try:
    q.get(timeout=0.1)
except Empty as e:
    print('timeout', type(e).__name__)
