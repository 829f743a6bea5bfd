s = 'héllo'
print(len(s), s[1], s[1:3], s.find('l'))
for ch in 'ab':
    print(ch)
print('abc' * 0, repr('' * 5))
print('a' 'b' "c")
print("""triple
quoted""")
print('''single
triple''')
print('esc: \\ \' \" \t| \x41 \u00e9 \101')
print(r'raw \n stays')
print('line\
continued')
print('abc'[1], 'abc'[-1])
print('b' in 'abc', 'abc' == 'abc', 'a' != 'b')
x = 'imm'
y = x
x += 'utable'
print(x, y)
print(str(123) + '4', '5' * 2)
print('%')
