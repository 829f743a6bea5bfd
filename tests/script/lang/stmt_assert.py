assert True
assert 1 == 1, 'not shown'
try:
    assert False
except AssertionError as e:
    print(type(e).__name__, repr(str(e)))
try:
    assert 1 > 2, 'one is not greater'
except AssertionError as e:
    print(type(e).__name__, e)
try:
    x = []
    assert x, 'list is empty: %r' % x
except AssertionError as e:
    print(e)
print('after asserts')
