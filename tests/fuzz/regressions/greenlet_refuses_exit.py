import greenlet


def f():
    while True:
        try:
            main.switch()
        except BaseException:
            pass
        finally:
            x = 1


main = greenlet.getcurrent()
g = greenlet.greenlet(f)
g.switch()
