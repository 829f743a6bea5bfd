import gevent
def job(d):
    gevent.sleep(d)
    return d
gs = [gevent.spawn(job, d) for d in (0.2, 0.1)]
done = gevent.wait(gs)
print(len(done), [g.value for g in gs])
gs = [gevent.spawn(job, d) for d in (0.2, 0.1, 0.5)]
done = gevent.wait(gs, timeout=0.3)
print(sorted(g.value for g in done))
gevent.wait()
print('waited for all')
