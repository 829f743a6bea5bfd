print({1, 9, 17, 25, 33})
x = 1
print({x, 9, 17, 25, 33})
print(set([5, 13, 21, 29, 37, 45, 53]))
print(set({5: 0, 13: 0, 21: 0, 29: 0, 37: 0}))
a = {1, 2, 3, 40, 50, 60}
b = {3, 4, 40, 70, 100, 8}
print(a | b, a & b, a - b, b - a, a ^ b, b ^ a)
print(a.union([99, 3, 7]), a.intersection([60, 1, 2]), a.symmetric_difference([1, 77]))
print({x * 7 for x in range(12)})
print(a <= b, a < a | b, a >= {1}, a > a, a == set(a), a != b, a.issubset(range(100)), a.isdisjoint([5]))
print(str.upper('abc'), list(map(str.strip, [' a ', 'b '])), dict.fromkeys('ab', 0))
d = {'a': 1, 'b': 2}
k = d.keys()
d['c'] = 3
print(k, len(k), 'a' in k, ('a', 1) in d.items(), list(reversed(d)), d.values())
it = iter([1, 2])
print(it.__next__(), next(it), next(it, 'done'))
print(type(iter([])).__name__, type(iter('ab')).__name__, type(iter('é')).__name__, type(iter({})).__name__, type(iter(set())).__name__, type(iter(())).__name__)
print(type(zip()).__name__, type(enumerate([])).__name__, type(reversed([])).__name__, type(reversed('ab')).__name__)
print(list(zip('ab', range(5), [9, 8])), list(enumerate('xy', 5)))
m = map(lambda x: x * 2, [1, 2, 3])
print(3 in m, list(m))
print(isinstance({1}, set), type({1}) is set, type(b'') is bytes, isinstance(True, int), bool.__name__, issubclass(bool, object))
print(repr(set()), str({1}), f"{ {1, 2} }", '%s' % ({3},), len({1, 2}), bool(set()), sorted({3, 1, 2}, reverse=True))
