print(any([]), all([]))
print(any([0, '', None]), any([0, 1]), all([1, 'a']), all([1, 0]))
print(any(x > 3 for x in range(5)), all(x < 5 for x in range(5)))
print(any('abc'), all(''))
