import gevent
def job(n):
    gevent.sleep(n)
    return n
jobs = [gevent.spawn(job, d) for d in (0.3, 0.1, 0.2)]
done = gevent.joinall(jobs)
print(len(done), [j.value for j in jobs])
jobs = [gevent.spawn(job, d) for d in (0.1, 1.0, 0.05)]
done = gevent.joinall(jobs, timeout=0.5)
print(len(done), sorted(j.value for j in done), jobs[1].ready())
jobs[1].kill()
jobs = [gevent.spawn(job, d) for d in (0.2, 0.1, 0.3)]
done = gevent.joinall(jobs, count=2)
print([j.value for j in done])
gevent.joinall(jobs)
print(gevent.joinall([]))
def fail():
    raise ValueError('bad')
f = gevent.spawn(fail)
gevent.joinall([f])
print(f.dead, f.successful(), type(f.exception).__name__, f.exception)
f2 = gevent.spawn(fail)
try:
    gevent.joinall([f2], raise_error=True)
except ValueError as e:
    print('raised', e)
