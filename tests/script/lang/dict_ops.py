d = {}
d['one'] = 1
d[2] = 'two'
d[(3, 4)] = 'tuple key'
d[True] = 'bool key'
print(d)
print(d[1], d[(3, 4)])
d['one'] = 'replaced'
print(d)
order = {'z': 0, 'a': 1}
order['m'] = 2
print(list(order))
order.pop('z')
order['z'] = 3
print(order)
print('a' in order, 'q' in order, 'q' not in order)
print({1: 'a'} == {1: 'a'}, {1: 1.0} == {1: 1})
for k in {'x': 1, 'y': 2}:
    print(k, end=' ')
print()
counts = {}
for w in 'the cat the hat the'.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
try:
    {[1]: 2}
except TypeError as e:
    print(type(e).__name__, e)
print({1.0: 'a', 1: 'b'})
