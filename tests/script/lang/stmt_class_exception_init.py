class DetailedError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
try:
    raise DetailedError(42, 'detailed')
except Exception as e:
    print(type(e).__name__, e, e.code, e.args)
class Unbound(Exception):
    def __init__(self, msg):
        Exception.__init__(self, msg)
print(repr(Unbound('u')))
