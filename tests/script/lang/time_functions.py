import time
t0 = time.time()
m0 = time.monotonic()
p0 = time.perf_counter()
print(type(t0).__name__, type(m0).__name__, type(p0).__name__)
print(t0 > 1600000000)
time.sleep(0.2)
t1 = time.time()
m1 = time.monotonic()
p1 = time.perf_counter()
print(t1 >= t0, m1 >= m0, p1 >= p0)
print(m1 - m0 >= 0.2, m1 - m0 < 5)
print(time.sleep(0) is None)
c = time.ctime()
print(type(c).__name__, len(c) == 24)
try:
    time.sleep(-1)
except ValueError as e:
    print(type(e).__name__, e)
try:
    time.sleep('x')
except TypeError as e:
    print(type(e).__name__)
