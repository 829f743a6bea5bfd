import greenlet
main = greenlet.getcurrent()
print(main.parent is None, main.dead, bool(main))
def f():
    me = greenlet.getcurrent()
    print(me is g, me is not main, me.parent is main)
    return me
g = greenlet.greenlet(f)
print(g.switch() is g)
print(greenlet.getcurrent() is main)
print(type(main).__name__)
