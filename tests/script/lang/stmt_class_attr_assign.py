class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
Counter(); Counter()
print(Counter.count)
Counter.label = 'set on class'
print(Counter().label, Counter.count)
