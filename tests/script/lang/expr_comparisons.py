print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 == 1.0, 1 != 2)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1)
x = 5
print(0 < x <= 5, 0 < x < 5)
print('a' < 'b', 'abc' < 'abd', 'Z' < 'a', '' < 'a')
print([1, 2] < [1, 3], [1, 2] == [1, 2], (1, 2) < (1, 2, 0))
print([1] == (1,), {'a': 1} == {'a': 1}, {'a': 1} == {'a': 2})
print(None is None, None == None, x is not None)
a = [1]
b = [1]
print(a == b, a is b, a is not b)
print(2 in [1, 2], 3 not in [1, 2], 'ell' in 'hello', 'k' in {'k': 1}, 1 in (1,))
print('z' in 'hello', 'v' in {'k': 'v'})
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or 'default', '' and 'x')
print(not 1, not 0)
try:
    1 < 'a'
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1] < 2
except TypeError as e:
    print(type(e).__name__, e)
