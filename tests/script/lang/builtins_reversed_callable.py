print(list(reversed([1, 2, 3])), list(reversed('abc')), list(reversed(range(3))))
print(callable(len), callable(lambda: 0), callable(5), callable(str))
class O:
    pass
o = O()
setattr(o, 'a', 1)
print(o.a, hash(1) == hash(1), hash('a') == hash('a'))
