# The article's crawler: after monkey.patch_all(), urlopen waits cooperatively,
# so while one greenlet waits for a slow page the others send their requests.
# One after another the waits add up; concurrently they overlap.
# Coroscope serves the pages itself, from a slow web site on 127.0.0.1 that it
# starts for the run (its address is in COROSCOPE_SITE), so this runs offline.
from gevent import monkey

monkey.patch_all()

import os
import time
from urllib.request import urlopen

import gevent

SITE = os.environ.get("COROSCOPE_SITE", "http://127.0.0.1:8002")
urls = [SITE + "/www.python.org/", SITE + "/www.yahoo.com/", SITE + "/github.com/"]


def f(url):
    print("GET: %s" % url)
    resp = urlopen(url)
    data = resp.read()
    print("%d bytes received from %s." % (len(data), url))


start = time.time()
for url in urls:
    f(url)
print("one after another: %.1f s" % (time.time() - start))

start = time.time()
gevent.joinall([gevent.spawn(f, url) for url in urls])
print("concurrently: %.1f s" % (time.time() - start))
