print(isinstance(1, int), isinstance(1.0, int), isinstance(1.0, float))
print(isinstance('s', str), isinstance([], list), isinstance((), tuple), isinstance({}, dict))
print(isinstance(True, int), isinstance(True, bool), isinstance(1, bool))
print(isinstance(1, (str, int)), isinstance(1, (str, list)))
print(isinstance(None, object), isinstance(3, object))
class A:
    pass
class B(A):
    pass
print(isinstance(B(), A), isinstance(A(), B), isinstance(B(), B))
print(isinstance(ValueError('x'), Exception), isinstance(KeyError(), LookupError))
print(issubclass(B, A), issubclass(A, B), issubclass(A, A), issubclass(B, object))
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(KeyError, (TypeError, LookupError)))
print(issubclass(bool, int))
try:
    issubclass(1, int)
except TypeError as e:
    print(type(e).__name__, e)
try:
    isinstance(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
