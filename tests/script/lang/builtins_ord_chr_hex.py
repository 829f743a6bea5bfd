print(ord('A'), ord('é'), chr(97), chr(233))
print(hex(255), hex(-1), oct(8), bin(5))
try:
    ord('ab')
except TypeError as e:
    print(type(e).__name__, e)
