e = ValueError('bad value')
print(type(e).__name__, e, repr(e), e.args)
e3 = Exception('a', 2)
print(str(e3), repr(e3), e3.args)
e4 = RuntimeError()
print(repr(str(e4)), repr(e4), e4.args)
for cls in [ZeroDivisionError, IndexError, KeyError, TypeError, NameError,
            AttributeError, StopIteration, AssertionError, NotImplementedError,
            RecursionError, OverflowError, TimeoutError, ImportError, OSError]:
    print(cls.__name__, issubclass(cls, Exception))
print(issubclass(KeyboardInterrupt, Exception), issubclass(SystemExit, BaseException))
print(issubclass(GeneratorExit, Exception))
try:
    raise IndexError('out', 'of range')
except LookupError as e:
    print('caught', type(e).__name__, e, e.args)
