using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Ratchet.Tensors;

namespace Ratchet.Tests.Tensors;

/// <summary>A generated file that breaks exactly one rule, printable when a property fails.</summary>
internal sealed record BrokenFile(string Rule, byte[] Header, int DataLength)
{
    public byte[] Bytes => Safetensors.Build(Header, new byte[DataLength]);

    public override string ToString() => $"{Rule}: {Encoding.UTF8.GetString(Header)} + {DataLength} data bytes";
}

/// <summary>
/// Builds headers for random tensor sets with one rule broken, at a random tensor, by a random amount.
/// Each kind is invalid by construction (for the offset kinds: the tensors' lengths no longer sum to the data
/// section's length, or their shape no longer matches their span).
/// </summary>
internal static class BrokenHeaders
{
    private const char NotUtf8 = '\uFFFF'; // replaced by a lone 0xFF byte after encoding

    private static readonly string[] BadDTypes = ["\"F4\"", "\"C64\"", "\"f32\"", "\"\"", "\"F8_E8M0\"", "\"bool\"", "1", "null", "[]", "{}"];
    private static readonly string[] BadDimensions = ["-1", "-0", "1.5", "1e1", "\"2\"", "null", "[1]", "{}", "true", "99999999999999999999"];
    private static readonly string[] NotArrays = ["1", "\"[1]\"", "null", "{}", "true"];
    private static readonly string[] BadOffsetArrays = ["[]", "[0]", "[0,0,0]", "[\"0\",\"0\"]", "[0,-1]"];
    private static readonly string[] NotObjects = ["1", "[]", "\"x\"", "null", "false"];
    private static readonly string[] Junk = ["x", "{}", "0", ",", "\0", "]", "\"\""];

    public static Gen<BrokenFile> Files =>
        from spec in TensorSpecs.Sets.Where(s => s.Tensors.Length > 0)
        from kind in Gen.Choose(0, 21)
        from target in Gen.Choose(0, int.MaxValue)
        from amount in Gen.Choose(1, 1000)
        from pick in Gen.Choose(0, int.MaxValue)
        select Break(spec, kind, target % spec.Tensors.Length, amount, pick);

    private static BrokenFile Break(SetSpec spec, int kind, int target, int amount, int pick)
    {
        var entries = new List<(string Key, List<(string Field, string Json)> Fields)>();
        long offset = 0;
        foreach (TensorSpec t in spec.Tensors)
        {
            entries.Add((JsonSerializer.Serialize(t.Name),
            [
                ("dtype", $"\"{t.DType.FormatName()}\""),
                ("shape", $"[{string.Join(",", t.Shape)}]"),
                ("data_offsets", $"[{offset},{offset + t.Data.Length}]"),
            ]));
            offset += t.Data.Length;
        }

        long data = offset;
        var (key, fields) = entries[target];
        string Pick(string[] options) => options[pick % options.Length];
        (long Begin, long End) Offsets(int i) =>
            JsonSerializer.Deserialize<long[]>(entries[i].Fields[2].Json) is [var b, var e] ? (b, e) : throw new InvalidOperationException();
        void SetOffsets(int i, long begin, long end) => entries[i].Fields[2] = ("data_offsets", $"[{begin},{end}]");

        string rule = kind switch
        {
            0 => Set(fields, 0, Pick(BadDTypes), "bad dtype"),
            1 => Set(fields, 1, $"[{string.Join(",", spec.Tensors[target].Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)).Append(Pick(BadDimensions)))}]", "bad dimension"),
            2 => Set(fields, 1, Pick(NotArrays), "shape not an array"),
            3 => Do(() => SetOffsets(target, Offsets(target).Begin, Offsets(target).End + (Offsets(target).End >= amount && pick % 2 == 0 ? -amount : amount)), "end moved"),
            4 => Do(() => SetOffsets(target, Offsets(target).Begin + (Offsets(target).Begin >= amount && pick % 2 == 0 ? -amount : amount), Offsets(target).End), "begin moved"),
            5 => Set(fields, 2, Pick(BadOffsetArrays), "bad data_offsets"),
            6 => Do(() => fields.RemoveAt(pick % 3), "field missing"),
            7 => Do(() => fields.Insert(pick % 4, (Pick(["extra", "DTYPE", "data_offset", ""]), "1")), "unknown field"),
            8 => Do(() => fields.Add(fields[pick % 3]), "field repeated"),
            9 => Do(() => entries.Insert(pick % (entries.Count + 1), entries[target]), "name repeated"),
            10 => Do(() => entries[target] = (key, [("", Pick(NotObjects))]), "entry not an object"),
            11 => Do(() => data += data >= amount && pick % 2 == 0 ? -amount : amount, "data section resized"),
            12 => Do(() => entries.Insert(0, ("\"__metadata__\"", [("", $"{{\"k\":{Pick(["1", "null", "[]", "{}", "true"])}}}")])), "metadata value not a string"),
            13 => Do(() => entries.Insert(0, ("\"__metadata__\"", [("", Pick(["1", "null", "[]", "\"x\""]))])), "metadata not an object"),
            14 => Do(() => entries.Insert(0, ("\"__metadata__\"", [("", "{\"k\":\"a\",\"k\":\"b\"}")])), "metadata key repeated"),
            15 => Do(() => entries.InsertRange(0, [("\"__metadata__\"", [("", "{}")]), ("\"__metadata__\"", [("", "{}")])]), "metadata repeated"),
            16 => Do(() => Shift(entries, target, amount, ref data, Offsets, SetOffsets), "gap"),
            17 => Offsets(target).End > 0
                ? Do(() => Shift(entries, target, -(int)Math.Min(amount, Offsets(target).End), ref data, Offsets, SetOffsets), "overlap")
                : Do(() => data += amount, "data section grown"),
            18 => Do(() => entries[target] = ($"\"{NotUtf8}{key[1..]}", fields), "name not UTF-8"),
            19 => Do(() => entries[target] = ($"\"\\ud800{key[1..]}", fields), "name with unpaired surrogate"),
            _ => "root broken",
        };

        string body = string.Join(",", entries.Select(e => e.Fields is [("", var raw)]
            ? $"{e.Key}:{raw}"
            : $"{e.Key}:{{{string.Join(",", e.Fields.Select(f => $"\"{f.Field}\":{f.Json}"))}}}"));
        string header = kind switch
        {
            20 => $"[{body}]",
            21 => $"{{{body}}}{Pick(Junk)}",
            _ => $"{{{body}}}",
        };
        rule = kind switch { 20 => "root not an object", 21 => "junk after the root", _ => rule };
        byte[] bytes = Encoding.UTF8.GetBytes(header);
        return new BrokenFile(rule, kind == 18 ? ReplaceSentinel(bytes) : bytes, (int)data);
    }

    private static string Set(List<(string Field, string Json)> fields, int index, string json, string rule)
    {
        fields[index] = (fields[index].Field, json);
        return rule;
    }

    private static string Do(Action change, string rule)
    {
        change();
        return rule;
    }

    /// <summary>Moves every tensor after <paramref name="target"/> by <paramref name="by"/> bytes, and the end of data with them.</summary>
    private static void Shift(
        List<(string Key, List<(string Field, string Json)> Fields)> entries, int target, long by, ref long data,
        Func<int, (long Begin, long End)> offsets, Action<int, long, long> setOffsets)
    {
        for (int i = target + 1; i < entries.Count; i++)
        {
            setOffsets(i, offsets(i).Begin + by, offsets(i).End + by);
        }

        data += by;
    }

    private static byte[] ReplaceSentinel(byte[] bytes)
    {
        byte[] sentinel = Encoding.UTF8.GetBytes(NotUtf8.ToString());
        int at = bytes.AsSpan().IndexOf(sentinel);
        return [.. bytes[..at], 0xFF, .. bytes[(at + sentinel.Length)..]];
    }
}
