print(type(1) == int, type('a') == str, type(1) is int, type([]) is list)
print(type(1) == float, type(2.0) is float, type({}) is dict, type(()) is tuple)
print(type(int).__name__, type(int) is type)
