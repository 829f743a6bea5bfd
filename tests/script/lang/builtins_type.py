print(type(1).__name__, type(1.0).__name__, type('s').__name__)
print(type([]).__name__, type(()).__name__, type({}).__name__)
print(type(None).__name__, type(True).__name__, type(b'').__name__)
print(type(1))
print(type('x'))
print(type(None))
class Foo:
    pass
f = Foo()
print(type(f).__name__, type(f) is Foo, type(f) == Foo)
print(type(ValueError('e')).__name__)
print(type(lambda: 0).__name__)
def g():
    yield 1
print(type(g()).__name__)
