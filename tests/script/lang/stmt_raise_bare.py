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
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
