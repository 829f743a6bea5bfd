import gevent, greenlet
main = greenlet.getcurrent()
hub = gevent.get_hub()
names = {id(main): "main", id(hub): "hub"}
def tr(ev, args):
    o, t = args
    print("  %s %s->%s" % (ev, names.get(id(o), "?"), names.get(id(t), "?")))
def foo(n):
    gevent.sleep(n*0.01)
a = gevent.spawn(foo, 1); names[id(a)] = "foo"
b = gevent.spawn(foo, 2); names[id(b)] = "bar"
greenlet.settrace(tr)
print([names[id(x)] for x in gevent.joinall([a, b])])
greenlet.settrace(None)
print([names[id(x)] for x in gevent.joinall([a, b])])
c = gevent.spawn(foo, 1); names[id(c)] = "c"
print([names[id(x)] for x in gevent.joinall([a, c, b], count=1)])
