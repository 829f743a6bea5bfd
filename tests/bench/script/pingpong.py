# Greenlet ping-pong: two greenlets switch back and forth, N switches in all
# (the main greenlet's switch into ping and ping's final return not counted).
# compare.sh rewrites the sizes (the `N = ` lines; coroscope has no sys.argv)
# and runs it under /usr/bin/python3 (greenlet) and coroscope --headless.
from greenlet import greenlet

N = 1000000
count = 0


def ping():
    global count
    while count < N:
        count += 1
        pong.switch()


def pong():
    global count
    while True:
        count += 1
        ping.switch()


ping = greenlet(ping)
pong = greenlet(pong)
ping.switch()
print("switches", count)
