x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x %= 3; print(x)
x **= 3; print(x)
x /= 4; print(x)
n = 6
n <<= 2; print(n)
n >>= 1; print(n)
n |= 1; print(n)
n &= 5; print(n)
n ^= 3; print(n)
s = 'ab'
s += 'cd'; print(s)
s *= 2; print(s)
l = [1]
l += [2, 3]
print(l)
l *= 2
print(l)
t = (1,)
t += (2,)
print(t)
d = {'k': 1}
d['k'] += 10
print(d)
class O:
    pass
o = O()
o.v = 1
o.v += 1
print(o.v)
arr = [1, 2, 3]
arr[1] *= 10
print(arr)
