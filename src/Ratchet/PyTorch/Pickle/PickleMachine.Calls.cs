using System.Text;

namespace Ratchet.PyTorch.Pickle;

/// <summary>The opcodes that would call, build or mutate objects. Only allow-listed globals get a meaning; calling
/// anything else makes an opaque <see cref="PyTorchObject"/> holding the arguments, and nothing is ever run.</summary>
internal sealed partial class PickleMachine
{
    private PyTorchGlobal Global(string module, string name)
    {
        string fullName = GlobalPolicy.Canonical(module, name);
        if (GlobalPolicy.IsHostile(fullName, module))
        {
            throw _context.Hostile(fullName);
        }

        int dot = fullName.LastIndexOf('.');
        var global = new PyTorchGlobal(fullName[..dot], fullName[(dot + 1)..]);
        if (!GlobalPolicy.IsAllowed(fullName) && !_context.OpaqueGlobals.Contains(fullName))
        {
            _context.OpaqueGlobals.Add(fullName);
        }

        return global;
    }

    private void StackGlobal()
    {
        object? name = Pop();
        object? module = Pop();
        if (module is not string moduleName || name is not string memberName)
        {
            throw Malformed("STACK_GLOBAL is given something other than two strings");
        }

        Push(Global(moduleName, memberName));
    }

    private void Reduce()
    {
        object? arguments = Pop();
        object? callable = Pop();
        if (arguments is not PyTorchTuple tuple)
        {
            throw Malformed("REDUCE is given arguments that are not a tuple");
        }

        Push(Call(callable, tuple));
    }

    private void NewObject(bool hasKeywords)
    {
        object? keywords = hasKeywords ? Pop() : null;
        object? arguments = Pop();
        object? type = Pop();
        if (arguments is not PyTorchTuple tuple)
        {
            throw Malformed("NEWOBJ is given arguments that are not a tuple");
        }

        var built = Call(type, tuple);
        if (keywords is PyTorchDict { Count: > 0 } && built is PyTorchObject opaque)
        {
            opaque.State = keywords;
        }

        Push(built);
    }

    private object? Call(object? callable, PyTorchTuple arguments)
    {
        if (callable is not PyTorchGlobal global)
        {
            throw Malformed($"it calls {Describe(callable)}, which is not a class or function");
        }

        string fullName = global.FullName;
        if (GlobalPolicy.ContainerBuiltins.Contains(fullName))
        {
            return BuildContainer(global.Name, arguments);
        }

        return fullName switch
        {
            "collections.OrderedDict" => DictFrom(arguments, isOrdered: true),
            "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor" => TensorRebuilder.Tensor(arguments, _context),
            "torch._utils._rebuild_parameter" => TensorRebuilder.Parameter(arguments, _context),
            "torch.device" => Device(arguments),
            "torch.Size" => arguments is [PyTorchTuple dimensions] ? new PyTorchTuple([.. dimensions], isSize: true) : throw Malformed("torch.Size is not given one tuple"),
            "_codecs.encode" => arguments is [string text, string encoding] && encoding is "latin1" or "latin-1"
                ? Encoding.Latin1.GetBytes((string)arguments[0]!)
                : throw Malformed("_codecs.encode is used for something other than bytes"),
            _ => new PyTorchObject(global, arguments),
        };
    }

    private object BuildContainer(string type, PyTorchTuple arguments)
    {
        IEnumerable<object?> items = arguments switch
        {
            [] => [],
            [PyTorchList list] => list,
            [PyTorchTuple tuple] => tuple,
            [PyTorchDict] when type == "dict" => [],
            _ => throw Malformed($"builtins.{type} is given arguments it cannot take"),
        };
        return type switch
        {
            "list" => ListOf(items),
            "tuple" => new PyTorchTuple([.. items]),
            "set" or "frozenset" => NewSet(items),
            _ => arguments is [PyTorchDict source] ? Copy(source) : DictOf(items),
        };
    }

    private PyTorchDict DictFrom(PyTorchTuple arguments, bool isOrdered)
    {
        var dict = new PyTorchDict(isOrdered);
        if (arguments is [PyTorchList or PyTorchTuple])
        {
            foreach (object? pair in (IEnumerable<object?>)arguments[0]!)
            {
                if (pair is not IReadOnlyList<object?> { Count: 2 } keyValue)
                {
                    throw Malformed("an OrderedDict is built from items that are not pairs");
                }

                dict.Set(keyValue[0], keyValue[1]);
            }
        }
        else if (arguments.Count != 0)
        {
            throw Malformed("an OrderedDict is built from arguments it cannot take");
        }

        return dict;
    }

    private PyTorchDevice Device(PyTorchTuple arguments) => arguments switch
    {
        [string name] => new PyTorchDevice(name),
        [string type, long index] => new PyTorchDevice($"{type}:{index}"),
        _ => throw Malformed("torch.device is given arguments it cannot take"),
    };

    private void Build()
    {
        object? state = Pop();
        switch (Peek())
        {
            case PyTorchObject opaque:
                opaque.State = state;
                break;
            case PyTorchDict dict when state is PyTorchDict attributes:
                dict.Attributes = attributes; // a state dict's _metadata (per-module versions), set as an attribute
                break;
            case PyTorchTensor when state is null or PyTorchDict { Count: 0 } or PyTorchTuple:
                break; // a tensor's __setstate__ carries only Python attributes, none of which a checkpoint needs
            default:
                throw Malformed($"BUILD sets state on {Describe(Peek())}, which takes none");
        }
    }

    private void Append(object? target, IEnumerable<object?> items)
    {
        switch (target)
        {
            case PyTorchList list:
                list.Items.AddRange(items);
                break;
            case PyTorchObject opaque:
                (opaque.ListItems ??= new PyTorchList()).Items.AddRange(items);
                break;
            default:
                throw Malformed($"APPEND adds to {Describe(target)}, which is not a list");
        }
    }

    private void AppendMarked()
    {
        object?[] items = PopMark();
        Append(Peek(), items);
    }

    private void SetItem()
    {
        object? value = Pop();
        object? key = Pop();
        SetOn(Peek(), [key, value]);
    }

    private void SetItemsMarked()
    {
        object?[] items = PopMark();
        if (items.Length % 2 != 0)
        {
            throw Malformed("SETITEMS is given an odd number of values");
        }

        SetOn(Peek(), items);
    }

    private void SetOn(object? target, object?[] keysAndValues)
    {
        var dict = target switch
        {
            PyTorchDict direct => direct,
            PyTorchObject opaque => opaque.DictItems ??= new PyTorchDict(isOrdered: false),
            _ => throw Malformed($"SETITEM sets a key on {Describe(target)}, which is not a dict"),
        };
        for (int index = 0; index < keysAndValues.Length; index += 2)
        {
            dict.Set(keysAndValues[index], keysAndValues[index + 1]);
        }
    }

    private void AddItems()
    {
        object?[] items = PopMark();
        if (Peek() is not PyTorchList set || !_sets.Contains(set))
        {
            throw Malformed($"ADDITEMS adds to {Describe(Peek())}, which is not a set");
        }

        set.Items.AddRange(items.Where(item => !set.Items.Contains(item)));
    }

    private static PyTorchList ListOf(IEnumerable<object?> items)
    {
        var list = new PyTorchList();
        list.Items.AddRange(items);
        return list;
    }

    private PyTorchList NewSet(IEnumerable<object?> items)
    {
        var set = ListOf(items.Distinct());
        _sets.Add(set);
        return set;
    }

    private PyTorchDict DictOf(IEnumerable<object?> keysAndValues)
    {
        object?[] items = [.. keysAndValues];
        if (items.Length % 2 != 0)
        {
            throw Malformed("DICT is given an odd number of values");
        }

        var dict = new PyTorchDict(isOrdered: false);
        for (int index = 0; index < items.Length; index += 2)
        {
            dict.Set(items[index], items[index + 1]);
        }

        return dict;
    }

    private static PyTorchDict Copy(PyTorchDict source)
    {
        var copy = new PyTorchDict(source.IsOrdered);
        foreach (var (key, value) in source)
        {
            copy.Set(key, value);
        }

        return copy;
    }

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        PyTorchList => "a list",
        PyTorchTuple => "a tuple",
        PyTorchDict => "a dict",
        PyTorchTensor => "a tensor",
        PyTorchObject opaque => $"an object of {opaque.Type.FullName}",
        PyTorchGlobal global => global.FullName,
        string => "a string",
        _ => $"a {value.GetType().Name}",
    };
}
