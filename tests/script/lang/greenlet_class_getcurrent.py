from greenlet import greenlet
main = greenlet.getcurrent()
def f():
    print(greenlet.getcurrent() is g, greenlet.getcurrent().parent is main)
g = greenlet(f)
g.switch()
print(greenlet.getcurrent() is main)
