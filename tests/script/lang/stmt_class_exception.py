class AppError(Exception):
    pass
class DetailedError(AppError):
    code = 42
try:
    raise AppError('plain')
except AppError as e:
    print(type(e).__name__, e, e.args)
try:
    raise DetailedError('detailed')
except AppError as e:
    print(type(e).__name__, e, e.code, e.args)
try:
    raise AppError
except Exception as e:
    print(type(e).__name__, repr(str(e)), isinstance(e, AppError))
print(issubclass(DetailedError, Exception))
print(repr(AppError('x', 1)))
