using System.Globalization;
using Ratchet.PyTorch.Pickle;
using Ratchet.Tensors;

namespace Ratchet.PyTorch.Archives;

/// <summary>The zip format of torch.save (PyTorch ≥ 1.6): <c>&lt;top&gt;/data.pkl</c> holds the object, each storage is
/// the stored entry <c>&lt;top&gt;/data/&lt;key&gt;</c>, and newer torch adds <c>&lt;top&gt;/byteorder</c>.</summary>
internal static class ZipCheckpoint
{
    public static (object? Root, IReadOnlyList<string> OpaqueGlobals) Load(MappedData map, long fileLength, string source)
    {
        var entries = ZipDirectory.Read(map, fileLength, source);
        var pickles = entries.Where(entry => IsTopLevel(entry.Name, "data.pkl")).ToList();
        if (entries.Any(entry => IsTopLevel(entry.Name, "constants.pkl") || entry.Name.Contains("/code/", StringComparison.Ordinal)))
        {
            throw Refused(source, "it is a TorchScript archive (torch.jit.save), which holds code; Ratchet reads only torch.save checkpoints");
        }

        if (pickles.Count != 1)
        {
            throw Refused(source, pickles.Count == 0
                ? "it is a zip archive without a data.pkl, so not a torch.save checkpoint"
                : $"it holds {pickles.Count} data.pkl entries, and which one torch would load is ambiguous");
        }

        string top = pickles[0].Name[..^"data.pkl".Length];
        if (entries.FirstOrDefault(entry => entry.Name == top + "byteorder") is { } byteOrder
            && map.Slice(byteOrder.DataOffset, (int)Math.Min(byteOrder.Size, 16)).SequenceEqual("big"u8))
        {
            throw Refused(source, "its tensors are big-endian; load and save it again on a little-endian machine");
        }

        var storageEntries = entries.Where(entry => entry.Name.StartsWith(top + "data/", StringComparison.Ordinal))
            .ToDictionary(entry => entry.Name[(top.Length + 5)..], StringComparer.Ordinal);
        var storages = new Dictionary<string, PyTorchStorage>(StringComparer.Ordinal);
        PickleContext? context = null;
        context = new PickleContext(source, id => Storage(id, storageEntries, storages, context!));
        var pickle = pickles[0];
        if (!pickle.IsStored)
        {
            throw Refused(source, "its data.pkl is compressed, which torch.save never does");
        }

        object? root = new PickleMachine(new PickleInput(map, pickle.DataOffset, pickle.DataOffset + pickle.Size, context.Malformed), context).Run();
        return (root, context.OpaqueGlobals);
    }

    private static bool IsTopLevel(string name, string file) =>
        name.EndsWith("/" + file, StringComparison.Ordinal) && name.IndexOf('/', StringComparison.Ordinal) == name.Length - file.Length - 1;

    /// <summary>A zip persistent id is <c>('storage', storage_type, key, location, numel)</c>.</summary>
    private static PyTorchStorage Storage(object? id, Dictionary<string, ZipEntry> entries, Dictionary<string, PyTorchStorage> storages, PickleContext context)
    {
        if (id is not PyTorchTuple { Count: 5 } tuple || tuple[0] is not "storage" || tuple[1] is not PyTorchGlobal type
            || tuple[2] is not string key || tuple[4] is not long count || count < 0)
        {
            throw context.Malformed("a persistent id is not a storage ('storage', type, key, location, size)");
        }

        if (!GlobalPolicy.IsStorageClass(type.FullName, out var dtype))
        {
            throw context.Malformed($"a storage has type {type.FullName}, which is not a torch storage class");
        }

        if (storages.TryGetValue(key, out var known))
        {
            return known.DType == dtype && known.ElementCount == count ? known : throw context.Malformed($"storage '{key}' is declared twice, differently");
        }

        if (!entries.TryGetValue(key, out var entry))
        {
            throw context.Malformed($"storage '{key}' has no data/{key} entry in the archive");
        }

        long bytes = checked(count * dtype.ElementSize());
        if (entry.Size != bytes || !entry.IsStored)
        {
            throw context.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"storage '{key}' is declared to hold {count} {dtype.Name()} elements ({bytes} bytes), but its archive entry {(entry.IsStored ? $"has {entry.Size} bytes" : "is compressed")}"));
        }

        var storage = new PyTorchStorage(key, dtype, count) { FileOffset = entry.DataOffset };
        storages[key] = storage;
        return storage;
    }

    private static PyTorchRefusedException Refused(string source, string reason) => new($"'{source}' was refused: {reason}. Nothing in it was run.", []);
}
