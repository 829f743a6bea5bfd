l = [3, 1, 2]
l.append(4); print(l)
l.extend([5, 6]); print(l)
l.extend('ab'); print(l)
l.extend(x for x in range(2)); print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.insert(0, 'first'); l.insert(100, 'last'); l.insert(-1, 'before last'); l.insert(-100, 'front'); print(l)
l.remove('a'); print(l)
print(l.index(2), l.count(2), [1, 1, 2].count(1), [1, 1, 2].index(1))
r = [1, 2, 3]
r.reverse(); print(r)
s = [3, 1, 2]
print(s.sort(), s)
s.sort(reverse=True); print(s)
w = ['ccc', 'a', 'bb']
w.sort(key=len); print(w)
w.sort(key=lambda x: x, reverse=True); print(w)
print(l.append(0) is None)
try:
    [].pop()
except IndexError as e:
    print(type(e).__name__, e)
try:
    [1].pop(5)
except IndexError as e:
    print(type(e).__name__, e)
try:
    [1].remove(9)
except ValueError as e:
    print(type(e).__name__, e)
try:
    [1].index(9)
except ValueError as e:
    print(type(e).__name__, e)
