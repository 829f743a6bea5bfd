name = 'Ada'
n = 42
pi = 3.14159
print(f'hello {name}')
print(f'{n} + 1 = {n + 1}')
print(f'{name!r} {name!s}')
print(f'{pi:.2f} {pi:8.3f}| {pi:<8.1f}| {n:>5}| {n:<5}| {n:^5}|')
print(f'{n:05d} {n:x} {n:X} {n:o} {n:b} {n:#x} {n:,}')
print(f'{1234567:,} {1234567.891:,.2f} {0.25:.1%} {12345.678:e}')
print(f'{name:*^9} {name:>6} {name:.1}')
print(f'{{literal}} {n}')
print(f'{[1, 2]} {(1,)} {None} {True}')
print(f"{'nested quotes'}")
w = 7
print(f'{n:{w}}|{pi:.{2}f}')
print(f'{n=}')
print(f'{-5:+d} {5:+d} {5: d} {-0.0}')
d = {'k': 'v'}
print(f"{d['k']} {len(d)}")
print(f'{3.0} {1e20} {2.5:g} {1e-7:g} {100000.0:g} {1e16:g}')
print(f'{"a" if n else "b"}')
