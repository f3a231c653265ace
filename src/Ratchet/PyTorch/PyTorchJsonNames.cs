namespace Ratchet.PyTorch;

/// <summary>Short names of value kinds, for the markers JSON writers leave where a structure refers back to itself.</summary>
internal static class PyTorchJsonNames
{
    public static string Kind(object? value) => value switch
    {
        PyTorchObject opaque => opaque.Type.FullName,
        PyTorchDict => "dict",
        PyTorchTuple => "tuple",
        _ => "list",
    };
}
