try:
    raise ValueError('v')
except ValueError as e:
    print(type(e).__name__, e)
try:
    raise ValueError
except ValueError as e:
    print(type(e).__name__, repr(str(e)))
try:
    raise 5
except TypeError as e:
    print(type(e).__name__, e)
e = IndexError('kept')
try:
    raise e
except IndexError as caught:
    print(caught is e)
