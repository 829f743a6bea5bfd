class Animal:
    sound = 'generic'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return '%s says %s' % (self.name, self.sound)
class Dog(Animal):
    sound = 'woof'
class Puppy(Dog):
    def speak(self):
        return Dog.speak(self) + '!'
a = Animal('thing')
d = Dog('rex')
p = Puppy('bit')
print(a.speak())
print(d.speak())
print(p.speak())
print(Animal.sound, Dog.sound, p.sound)
d.sound = 'grr'
print(d.speak(), Dog.sound)
Dog.sound = 'WOOF'
print(Dog('x').speak(), p.speak())
print(type(p).__name__, isinstance(p, Animal))
class Empty:
    pass
e = Empty()
e.attr = 1
print(e.attr)
