e = KeyError('k')
print(str(e), repr(e), e.args)
print(KeyError(1), KeyError(), KeyError('a', 'b'))
try:
    {}['missing']
except KeyError as err:
    print('caught', err)
