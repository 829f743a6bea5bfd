from greenlet import greenlet
def f():
    return 'f ran'
g = greenlet(f)
print(g.run is f)
print(g.switch())
try:
    g.run
except AttributeError as e:
    print(type(e).__name__)
print(type(g).__name__)
print(isinstance(g, greenlet))
