# os.environ and os.getenv: the environment the process was started with.
import os

print(os.getenv("COROSCOPE_SURELY_UNSET"), os.getenv("COROSCOPE_SURELY_UNSET", "fallback"))
print(os.environ.get("COROSCOPE_SURELY_UNSET", "dflt"), "PATH" in os.environ)
os.environ["COROSCOPE_SET_HERE"] = "yes"
print(os.environ["COROSCOPE_SET_HERE"], os.getenv("COROSCOPE_SET_HERE"))
print(os.name, os.sep, repr(os.linesep), os.getpid() > 0)
try:
    os.environ["COROSCOPE_SURELY_UNSET"]
except KeyError as e:
    print("KeyError", e)
