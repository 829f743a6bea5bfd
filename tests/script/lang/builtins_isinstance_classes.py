class A:
    pass
class B(A):
    pass
print(isinstance(B(), A), isinstance(A(), B), isinstance(B(), B), isinstance(B(), (int, A)))
print(isinstance(ValueError('x'), Exception), isinstance(KeyError(), LookupError))
print(isinstance(KeyError(), (TypeError, ValueError)))
print(issubclass(B, A), issubclass(A, B), issubclass(A, A), issubclass(B, object))
print(issubclass(ZeroDivisionError, ArithmeticError), issubclass(KeyError, (TypeError, LookupError)))
try:
    issubclass(1, A)
except TypeError as e:
    print(type(e).__name__, e)
