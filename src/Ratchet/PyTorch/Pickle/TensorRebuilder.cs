using System.Globalization;

namespace Ratchet.PyTorch.Pickle;

/// <summary>Rebuilds what <c>torch._utils._rebuild_tensor_v2</c> and <c>_rebuild_parameter</c> would, as descriptions:
/// the storage, offset, shape and strides, checked so that every element lies inside the storage.</summary>
internal static class TensorRebuilder
{
    public static PyTorchTensor Tensor(PyTorchTuple arguments, PickleContext context)
    {
        if (arguments.Count < 4 || arguments[0] is not PyTorchStorage storage || arguments[1] is not long offset
            || arguments[2] is not PyTorchTuple shape || arguments[3] is not PyTorchTuple strides)
        {
            throw context.Malformed("a tensor is rebuilt from arguments that are not (storage, offset, size, stride, ...)");
        }

        long[] sizes = Integers(shape, "size", context);
        long[] steps = Integers(strides, "stride", context);
        if (sizes.Length != steps.Length)
        {
            throw context.Malformed($"a tensor has {sizes.Length} sizes but {steps.Length} strides");
        }

        CheckExtent(storage, offset, sizes, steps, context);
        return new PyTorchTensor(storage, offset, sizes, steps) { RequiresGrad = arguments.Count > 4 && arguments[4] is true };
    }

    public static PyTorchTensor Parameter(PyTorchTuple arguments, PickleContext context)
    {
        if (arguments.Count < 1 || arguments[0] is not PyTorchTensor tensor)
        {
            throw context.Malformed("a parameter is rebuilt from something that is not a tensor");
        }

        tensor.IsParameter = true;
        tensor.RequiresGrad = arguments.Count > 1 && arguments[1] is true;
        return tensor;
    }

    private static long[] Integers(PyTorchTuple values, string what, PickleContext context)
    {
        var result = new long[values.Count];
        for (int index = 0; index < result.Length; index++)
        {
            result[index] = values[index] is long value and >= 0
                ? value
                : throw context.Malformed($"a tensor's {what} {index} is {PickleMachine.Describe(values[index])}, not a non-negative integer");
        }

        return result;
    }

    /// <summary>Every element a view can reach must lie in its storage; checked with overflow-safe arithmetic, so a crafted
    /// shape cannot make a reader touch bytes outside the file.</summary>
    private static void CheckExtent(PyTorchStorage storage, long offset, long[] sizes, long[] strides, PickleContext context)
    {
        if (offset < 0)
        {
            throw context.Malformed("a tensor starts before its storage");
        }

        try
        {
            long elements = 1;
            long last = offset;
            foreach (var (size, stride) in sizes.Zip(strides))
            {
                elements = checked(elements * size);
                if (size > 0)
                {
                    last = checked(last + ((size - 1) * stride));
                }
            }

            if (elements > 0 && last >= storage.ElementCount)
            {
                throw context.Malformed(string.Create(CultureInfo.InvariantCulture,
                    $"a tensor of shape [{string.Join(", ", sizes)}] reaches element {last} of storage '{storage.Key}', which holds {storage.ElementCount}"));
            }
        }
        catch (OverflowException)
        {
            throw context.Malformed("a tensor's shape and strides overflow a 64-bit count");
        }
    }
}
