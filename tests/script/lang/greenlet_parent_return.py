from greenlet import greenlet, getcurrent
main = getcurrent()
def child():
    print('child parent is main:', getcurrent().parent is main)
    return 'child result'
def parent_fn():
    c = greenlet(child)
    r = c.switch()
    print('parent got', r)
    return 'parent result'
p = greenlet(parent_fn)
print('main got', p.switch())
print(p.dead, main.dead, main.parent)
def ret_tuple():
    return 1, 2
print(greenlet(ret_tuple).switch())
def ret_none():
    pass
print(greenlet(ret_none).switch())
a = greenlet(lambda: 'from a')
b = greenlet(lambda: a.switch(), parent=main)
print(b.switch())
print(a.dead, b.dead)
c = greenlet(lambda x: x * 2, main)
print(c.parent is main, c.switch(21))
