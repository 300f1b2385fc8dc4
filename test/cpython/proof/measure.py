# Calls each function of the `leaky` module CALLS times and prints, as JSON,
# how much the argument's reference count changed. Run with the interpreter
# whose headers the module was built against; argv[1] is the module's folder.
import json
import sys

sys.path.insert(0, sys.argv[1])
import leaky  # noqa: E402

CALLS = 1000


def delta(call, arg):
    before = sys.getrefcount(arg)
    for _ in range(CALLS):
        call()
    return sys.getrefcount(arg) - before


results = {}
o = object()
results["leak_early"] = delta(lambda: leaky.leak_early(o, False), o)
o = object()
results["leak_goto"] = delta(lambda: leaky.leak_goto(o), o)
o = object()
results["leak_buildvalue"] = delta(lambda: leaky.leak_buildvalue(o), o)
# The next ones drop references they do not own: hold plenty so nothing is freed.
o = object()
keep = [o] * (4 * CALLS)
lst = [o]
results["borrowed_return"] = delta(lambda: leaky.borrowed_return(lst), o)
o = object()
keep = [o] * (4 * CALLS)
tup = (o,)
results["borrowed_decref"] = delta(lambda: leaky.borrowed_decref(tup), o)
o = object()
keep = [o] * (4 * CALLS)
leaky.borrowed_store(o)
results["borrowed_store"] = delta(lambda: leaky.borrowed_store(o), o)
o = object()
keep = [o] * (4 * CALLS)
results["buildvalue_n_borrowed"] = delta(lambda: leaky.buildvalue_n_borrowed(o), o)
print(json.dumps({"calls": CALLS, "python": "%d.%d" % sys.version_info[:2], "deltas": results}))
