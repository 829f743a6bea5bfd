def attempt(f):
    try:
        r = f()
    except ZeroDivisionError as e:
        print('zero:', e)
    except (KeyError, IndexError) as e:
        print('lookup:', type(e).__name__, e)
    except Exception:
        print('other')
    else:
        print('no error, got', r)
    finally:
        print('finally')
attempt(lambda: 1 / 0)
attempt(lambda: {}['k'])
attempt(lambda: [][1])
attempt(lambda: int('x'))
attempt(lambda: 42)
def ret_in_finally():
    try:
        return 'try'
    finally:
        print('cleanup before return')
print(ret_in_finally())
try:
    try:
        raise ValueError('inner')
    finally:
        print('inner finally')
except ValueError as e:
    print('outer caught', e)
try:
    try:
        raise TypeError('t')
    except ValueError:
        print('wrong handler')
except TypeError as e:
    print('propagated', e)
try:
    raise KeyError('key')
except:
    print('bare except')
