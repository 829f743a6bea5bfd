print('key=value=x'.partition('='), 'key=value=x'.rpartition('='))
print('novalue'.partition('='), 'novalue'.rpartition('='))
print('a\nb\r\nc\rd'.splitlines(), 'a\nb\n'.splitlines(True), ''.splitlines())
print('one\n\ntwo'.splitlines(keepends=True))
print('hello'.rindex('l'), 'hello'.rfind('l', 0, 3))
try:
    'x'.partition('')
except ValueError as e:
    print(type(e).__name__, e)
try:
    'hello'.rindex('z')
except ValueError as e:
    print(type(e).__name__, e)
