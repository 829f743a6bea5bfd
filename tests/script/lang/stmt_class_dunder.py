class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __str__(self):
        return 'V(%d, %d)' % (self.x, self.y)
    def __repr__(self):
        return 'V<%r,%r>' % (self.x, self.y)
v = V(1, 2)
print(v)
print(str(v))
print(repr(v))
print([v, v])
print('%s and %r' % (v, v))
print('{} {!r}'.format(v, v))
print(f'{v} {v!r}')
class Plain:
    pass
print(str(Plain()).startswith('<__main__.Plain object at 0x'))
