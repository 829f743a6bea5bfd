print(7 + 3, 7 - 3, 7 * 3, 7 / 2, 7 // 2, 7 % 3, 2 ** 10)
print(-7 // 2, -7 % 3, 7 // -2, 7 % -3)
print(7.5 // 2, 7.5 % 2, -7.5 // 2)
print(2 ** -1, 2.0 ** 3, (-2) ** 3, -2 ** 2)
print(1 + 2.0, 3 * 1.5, 10 / 5)
print(0.1 + 0.2, 1.1 * 3, 1 / 3)
print(divmod_like := (17 // 5, 17 % 5))
print(1 << 10, 1024 >> 3, 6 & 3, 6 | 3, 6 ^ 3, ~5)
print(+5, -(-5), --5)
print(2 + 3 * 4 ** 2 / 8 - 1)
print(10 - 2 - 3, 2 ** 3 ** 2)
print(True + 1, 3 * True)
print('ab' * 3, 3 * 'x', [0] * 3, (1, 2) * 2)
print('a' + 'b', [1] + [2], (1,) + (2,))
for expr in [lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0]:
    try:
        expr()
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
try:
    1 + 'a'
except TypeError as e:
    print(type(e).__name__, e)
try:
    'a' + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1] * 'x'
except TypeError as e:
    print(type(e).__name__, e)
print(10 ** 18, -(2 ** 62))
