import io
buf = io.StringIO()
buf.write('hello ')
print('world', file=buf)
print(repr(buf.getvalue()))
