using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using Ratchet.PyTorch.Pickle;
using Ratchet.Tensors;

namespace Ratchet.PyTorch.Archives;

/// <summary>The legacy format of torch.save (before PyTorch 1.6, still written with
/// <c>_use_new_zipfile_serialization=False</c>): pickles of a magic number, the protocol version and system info, then
/// the object, then the list of storage keys, then each storage as an 8-byte element count followed by its bytes.</summary>
internal static class LegacyCheckpoint
{
    private static readonly BigInteger Magic = BigInteger.Parse("119547037146038801333356", CultureInfo.InvariantCulture);

    public static (object? Root, IReadOnlyList<string> OpaqueGlobals) Load(MappedData map, long fileLength, string source)
    {
        var header = new PickleContext(source, _ => throw Refused(source, "its header uses a persistent id"));
        long position = 0;
        if (!Equals(Next(map, ref position, fileLength, header), Magic))
        {
            throw Refused(source, "it is neither a zip archive nor a legacy torch.save file (no magic number)");
        }

        if (Next(map, ref position, fileLength, header) is not long and 1001)
        {
            throw Refused(source, "its legacy protocol version is not 1001");
        }

        if (Next(map, ref position, fileLength, header) is PyTorchDict info && Equals(info.Get("little_endian"), false))
        {
            throw Refused(source, "its tensors are big-endian; load and save it again on a little-endian machine");
        }

        var storages = new Dictionary<string, PyTorchStorage>(StringComparer.Ordinal);
        PickleContext? context = null;
        context = new PickleContext(source, id => Storage(id, storages, context!));
        object? root = Next(map, ref position, fileLength, context);
        if (Next(map, ref position, fileLength, header) is not PyTorchList keys)
        {
            throw Refused(source, "its list of storage keys is missing");
        }

        PlaceStorages(map, ref position, fileLength, keys, storages, source);
        return (root, context.OpaqueGlobals);
    }

    private static object? Next(MappedData map, ref long position, long fileLength, PickleContext context)
    {
        if (position >= fileLength)
        {
            throw Damaged(context.Source, "it ends before all of its pickles");
        }

        // Here a pickle is bounded only by the file, so running past its end means the file was cut off.
        var input = new PickleInput(map, position, fileLength, reason => Damaged(context.Source, reason));
        object? value = new PickleMachine(input, context).Run();
        position = input.Position;
        return value;
    }

    /// <summary>A legacy persistent id is <c>('storage', storage_type, root_key, location, size, view_metadata)</c>; any other
    /// kind (such as <c>'module'</c>, which carries source code) is refused.</summary>
    private static PyTorchStorage Storage(object? id, Dictionary<string, PyTorchStorage> storages, PickleContext context)
    {
        if (id is not PyTorchTuple { Count: 6 } tuple || tuple[0] is not "storage" || tuple[1] is not PyTorchGlobal type
            || tuple[2] is not string key || tuple[4] is not long count || count < 0)
        {
            throw context.Malformed($"a legacy persistent id is {(id is PyTorchTuple { Count: > 0 } other ? $"of kind {(other[0] is string kind ? $"'{kind}'" : PickleMachine.Describe(other[0]))}" : "malformed")}, not a storage");
        }

        if (tuple[5] is not null)
        {
            throw context.Malformed("it uses legacy storage views, which Ratchet does not read");
        }

        if (!GlobalPolicy.IsStorageClass(type.FullName, out var dtype))
        {
            throw context.Malformed($"a storage has type {type.FullName}, which is not a torch storage class");
        }

        if (storages.TryGetValue(key, out var known))
        {
            return known;
        }

        var storage = new PyTorchStorage(key, dtype, count);
        storages[key] = storage;
        return storage;
    }

    private static void PlaceStorages(MappedData map, ref long position, long fileLength, PyTorchList keys, Dictionary<string, PyTorchStorage> storages, string source)
    {
        foreach (object? key in keys)
        {
            if (key is not string name || !storages.TryGetValue(name, out var storage))
            {
                throw Refused(source, $"its storage list names {PickleMachine.Describe(key)}, which no tensor uses");
            }

            if (position + 8 > fileLength)
            {
                throw Damaged(source, $"it ends before storage '{name}'");
            }

            long count = BinaryPrimitives.ReadInt64LittleEndian(map.Slice(position, 8));
            if (count != storage.ElementCount)
            {
                throw Refused(source, string.Create(CultureInfo.InvariantCulture, $"storage '{name}' is declared with {storage.ElementCount} elements but stored with {count}"));
            }

            storage.FileOffset = position + 8;
            position = checked(storage.FileOffset + storage.ByteLength);
            if (position > fileLength)
            {
                throw Damaged(source, $"storage '{name}' runs past the end of the file");
            }
        }

        if (storages.Values.FirstOrDefault(storage => storage.FileOffset < 0) is { } missing)
        {
            throw Refused(source, $"storage '{missing.Key}' is used by a tensor but not stored");
        }
    }

    private static PyTorchRefusedException Refused(string source, string reason) => new($"'{source}' was refused: {reason}. Nothing in it was run.", []);

    private static PyTorchDamagedException Damaged(string source, string reason) =>
        new($"'{source}' is damaged: {reason} (a crash during torch.save leaves this). Use an older checkpoint.");
}
