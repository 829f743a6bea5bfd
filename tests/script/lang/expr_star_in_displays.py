print([*range(3), *'xy'])
print({**{'a': 1}, 'b': 2})
print((*'ab', 1))
