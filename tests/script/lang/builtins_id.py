a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c))
print(type(id(a)).__name__)
print(id(None) == id(None))
class K:
    pass
k = K()
print(id(k) == id(k), id(k) != id(K()))
