vals = [0, 1, -1, 0.0, 2.5, '', 'a', [], [0], (), (0,), {}, {0: 0}, None, True, False]
for v in vals:
    print(repr(v), bool(v), 'T' if v else 'F')
def side(x):
    print('eval', x)
    return x
print(side(0) and side(1))
print(side(1) and side(2))
print(side(0) or side(3))
print(side(4) or side(5))
print(not side(''))
