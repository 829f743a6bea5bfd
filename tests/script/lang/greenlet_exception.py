from greenlet import greenlet
def bad():
    raise ValueError('from greenlet')
g = greenlet(bad)
try:
    g.switch()
except ValueError as e:
    print('main caught', type(e).__name__, e)
print(g.dead)
def inner():
    raise KeyError('deep')
def outer():
    try:
        greenlet(inner).switch()
    except KeyError as e:
        print('outer caught', repr(e))
        return 'outer handled'
print(greenlet(outer).switch())
def with_finally():
    try:
        raise RuntimeError('x')
    finally:
        print('finally in greenlet')
try:
    greenlet(with_finally).switch()
except RuntimeError as e:
    print('caught', e)
