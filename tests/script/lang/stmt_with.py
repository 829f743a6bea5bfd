class Ctx:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print('exit', self.name, exc_type.__name__ if exc_type else None)
        return False
with Ctx('a') as v:
    print('body', v)
with Ctx('b'):
    print('no as')
try:
    with Ctx('c'):
        raise ValueError('inside')
except ValueError as e:
    print('propagated', e)
class Swallow:
    def __enter__(self):
        return self
    def __exit__(self, *args):
        print('swallowing', args[0].__name__)
        return True
with Swallow():
    1 / 0
print('after swallow')
with Ctx('x') as x, Ctx('y') as y:
    print(x, y)
