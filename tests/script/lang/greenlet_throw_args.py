from greenlet import greenlet, getcurrent, GreenletExit
main = getcurrent()
def catcher():
    while True:
        try:
            main.switch('waiting')
        except ValueError as e:
            print('caught ValueError', e.args)
        except GreenletExit as e:
            print('caught GreenletExit', repr(e))
            return 'exited'
g = greenlet(catcher)
print(g.switch())
print(g.throw(ValueError))
print(g.throw(ValueError, 'msg'))
print(g.throw(ValueError('inst')))
print(g.throw())
print(g.dead)
def not_caught():
    main.switch()
h = greenlet(not_caught)
h.switch()
try:
    h.throw(KeyError, 'boom')
except KeyError as e:
    print('propagated to main', repr(e))
print(h.dead)
u = greenlet(not_caught)
u.switch()
print(repr(u.throw(GreenletExit)))
print(u.dead)
