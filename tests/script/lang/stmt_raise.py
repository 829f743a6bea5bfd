try:
    raise ValueError('v')
except ValueError as e:
    print(type(e).__name__, e)
try:
    raise ValueError
except ValueError as e:
    print(type(e).__name__, repr(str(e)))
def reraise():
    try:
        1 / 0
    except ZeroDivisionError:
        print('handling, then re-raising')
        raise
try:
    reraise()
except ZeroDivisionError as e:
    print('outer', e)
try:
    try:
        {}['missing']
    except KeyError as e:
        raise RuntimeError('wrapped') from e
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__, e.__cause__)
try:
    try:
        raise ValueError('first')
    except ValueError:
        raise TypeError('second')
except TypeError as e:
    print(e, 'context:', e.__context__)
try:
    raise 5
except TypeError as e:
    print(type(e).__name__, e)
e = IndexError('kept')
try:
    raise e
except IndexError as caught:
    print(caught is e)
