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
