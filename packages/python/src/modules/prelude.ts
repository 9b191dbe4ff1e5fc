/**
 * Parts of the standard library written in Python and run by heaplab's interpreter itself, so their
 * objects (the dict inside an OrderedDict, the weak references inside a WeakValueDictionary) are heap
 * objects like the program's own.
 */
export const PRELUDES: Record<string, string> = {
  collections: `
class _DictWrapper:
    def __len__(self):
        return len(self._d)

    def __contains__(self, key):
        return key in self._d

    def __setitem__(self, key, value):
        self._d[key] = value

    def __delitem__(self, key):
        del self._d[key]

    def __iter__(self):
        return iter(self._d)

    def get(self, key, default=None):
        return self._d.get(key, default)

    def keys(self):
        return self._d.keys()

    def values(self):
        return self._d.values()

    def items(self):
        return self._d.items()

    def clear(self):
        self._d.clear()


class OrderedDict(_DictWrapper):
    def __init__(self, *args, **kwargs):
        self._d = {}
        for k, v in dict(*args, **kwargs).items():
            self._d[k] = v

    def __getitem__(self, key):
        return self._d[key]

    def pop(self, key, *default):
        return self._d.pop(key, *default)

    def popitem(self, last=True):
        if not self._d:
            raise KeyError("dictionary is empty")
        key = list(self._d)[-1] if last else next(iter(self._d))
        return (key, self._d.pop(key))

    def move_to_end(self, key, last=True):
        value = self._d.pop(key)
        if last:
            self._d[key] = value
        else:
            rest = self._d
            self._d = {key: value}
            for k, v in rest.items():
                self._d[k] = v

    def __repr__(self):
        return "OrderedDict(%r)" % (list(self._d.items()),)


class defaultdict(_DictWrapper):
    def __init__(self, default_factory=None):
        self.default_factory = default_factory
        self._d = {}

    def __getitem__(self, key):
        if key not in self._d:
            if self.default_factory is None:
                raise KeyError(key)
            self._d[key] = self.default_factory()
        return self._d[key]


class deque:
    def __init__(self, iterable=(), maxlen=None):
        self.maxlen = maxlen
        self._l = []
        for x in iterable:
            self.append(x)

    def append(self, x):
        self._l.append(x)
        if self.maxlen is not None and len(self._l) > self.maxlen:
            self._l.pop(0)

    def appendleft(self, x):
        self._l.insert(0, x)
        if self.maxlen is not None and len(self._l) > self.maxlen:
            self._l.pop()

    def pop(self):
        return self._l.pop()

    def popleft(self):
        return self._l.pop(0)

    def clear(self):
        self._l.clear()

    def __len__(self):
        return len(self._l)

    def __iter__(self):
        return iter(self._l)

    def __getitem__(self, i):
        return self._l[i]
`,
  weakref: `
class WeakValueDictionary:
    def __init__(self):
        self._refs = {}

    def __setitem__(self, key, value):
        refs = self._refs

        def remove(wr, key=key):
            if refs.get(key) is wr:
                del refs[key]
        self._refs[key] = ref(value, remove)

    def __getitem__(self, key):
        o = self._refs[key]()
        if o is None:
            raise KeyError(key)
        return o

    def get(self, key, default=None):
        r = self._refs.get(key)
        o = None if r is None else r()
        return default if o is None else o

    def __contains__(self, key):
        r = self._refs.get(key)
        return r is not None and r() is not None

    def __delitem__(self, key):
        del self._refs[key]

    def __len__(self):
        return len(self._refs)

    def keys(self):
        return [k for k, r in self._refs.items() if r() is not None]

    def values(self):
        return [r() for r in self._refs.values() if r() is not None]

    def items(self):
        return [(k, r()) for k, r in self._refs.items() if r() is not None]

    def __iter__(self):
        return iter(self.keys())


class WeakKeyDictionary:
    def __init__(self):
        self._data = {}

    def __setitem__(self, key, value):
        data = self._data

        def remove(wr):
            del data[wr]
        self._data[ref(key, remove)] = value

    def _find(self, key):
        for r in self._data:
            if r() is key:
                return r
        return None

    def __getitem__(self, key):
        r = self._find(key)
        if r is None:
            raise KeyError(key)
        return self._data[r]

    def get(self, key, default=None):
        r = self._find(key)
        return default if r is None else self._data[r]

    def __contains__(self, key):
        return self._find(key) is not None

    def __len__(self):
        return len(self._data)

    def keys(self):
        return [r() for r in self._data if r() is not None]


class WeakSet:
    def __init__(self, data=()):
        self._refs = set()
        for x in data:
            self.add(x)

    def add(self, item):
        refs = self._refs

        def remove(wr):
            refs.discard(wr)
        self._refs.add(ref(item, remove))

    def discard(self, item):
        for r in list(self._refs):
            if r() is item:
                self._refs.discard(r)

    def __contains__(self, item):
        return any(r() is item for r in self._refs)

    def __len__(self):
        return len(self._refs)

    def __iter__(self):
        return iter([r() for r in self._refs if r() is not None])


class WeakMethod:
    def __init__(self, meth, callback=None):
        self._func = meth.__func__
        self._self = ref(meth.__self__, callback)

    def __call__(self):
        obj = self._self()
        if obj is None:
            return None
        return _bind(self._func, obj)


class ProxyType:
    def __init__(self, obj, callback=None):
        self._ref = ref(obj, callback)

    def _target(self):
        o = self._ref()
        if o is None:
            raise ReferenceError("weakly-referenced object no longer exists")
        return o

    def __getattr__(self, name):
        return getattr(self._target(), name)

    def __repr__(self):
        return "<weakproxy to %r>" % (self._ref(),)


def proxy(obj, callback=None):
    return ProxyType(obj, callback)


class finalize:
    def __init__(self, obj, func, *args, **kwargs):
        self._info = [func, args, kwargs]
        info = self._info

        def fire(wr):
            if info[0] is not None:
                f = info[0]
                info[0] = None
                f(*info[1], **info[2])
        self._ref = ref(obj, fire)

    @property
    def alive(self):
        return self._info[0] is not None

    def detach(self):
        self._info[0] = None

    def __call__(self):
        if self._info[0] is not None:
            f = self._info[0]
            self._info[0] = None
            return f(*self._info[1], **self._info[2])
`,
};
