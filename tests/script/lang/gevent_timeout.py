import gevent
from gevent import Timeout
def slow():
    gevent.sleep(1)
    return 'slow done'
try:
    with Timeout(0.1):
        slow()
except Timeout as e:
    print('timed out', type(e).__name__)
print(gevent.with_timeout(0.1, slow, timeout_value='fallback'))
