# repr() of str and bytes: every escape, each quote choice.
print(repr(bytes(range(256))))
print(repr(b"it's \"q\" \\ \t\n\r"), repr(b"a'b"), repr(b'a"b'))
print(repr("\x00\u1234\U0001f600\x7f é"))
