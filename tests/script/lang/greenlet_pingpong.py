from greenlet import greenlet
log = []
def ping():
    for i in range(3):
        log.append('ping %d' % i)
        pong_g.switch(i)
    return 'ping done'
def pong():
    while True:
        n = ping_g.switch()
        log.append('pong got %s' % n)
ping_g = greenlet(ping)
pong_g = greenlet(pong)
pong_g.switch()
print('\n'.join(log))
print(ping_g.dead, pong_g.dead)
