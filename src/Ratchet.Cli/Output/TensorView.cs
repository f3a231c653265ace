using System.Globalization;
using Ratchet.Tensors;
using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>A safetensors header for people: the file, one table row per tensor in file order, then the metadata as
/// plain <c>key = value</c> lines (values can be long; unwrapped, they stay greppable).</summary>
internal static class TensorView
{
    private const int LabelWidth = 13;

    public static void Write(CliContext context, SafetensorsFile file, IReadOnlyDictionary<string, string>? hashes = null)
    {
        var output = context.Output;
        output.WriteLine($"{"File".PadRight(LabelWidth)}{file.Path}");
        long dataBytes = file.Tensors.Sum(tensor => tensor.ByteLength);
        output.WriteLine(file.Tensors.Count == 0
            ? $"{"Tensors".PadRight(LabelWidth)}none"
            : $"{"Tensors".PadRight(LabelWidth)}{file.Tensors.Count}, {Formats.Bytes(dataBytes)} of data from byte {file.DataStart} (begin and end count from there)");
        if (file.Tensors.Count > 0)
        {
            var table = new Table()
                .AddColumn("Name")
                .AddColumn(new TableColumn("DType").NoWrap())
                .AddColumn(new TableColumn("Shape").NoWrap())
                .AddColumn(new TableColumn("Bytes").RightAligned().NoWrap())
                .AddColumn(new TableColumn("Begin").RightAligned().NoWrap())
                .AddColumn(new TableColumn("End").RightAligned().NoWrap());
            if (hashes is not null)
            {
                table.AddColumn(new TableColumn("SHA-256").NoWrap());
            }

            foreach (var tensor in file.Tensors)
            {
                var cells = new List<Text>
                {
                    new(tensor.Name), new(tensor.DType.FormatName()), new(Shape(tensor.Shape)),
                    new(Number(tensor.ByteLength)), new(Number(tensor.Begin)), new(Number(tensor.End)),
                };
                if (hashes is not null)
                {
                    cells.Add(new Text(hashes[tensor.Name]));
                }

                table.AddRow(cells);
            }

            context.Console.Write(table);
        }

        var metadata = SortedMetadata(file);
        string entries = metadata.Count switch
        {
            0 => "none",
            1 => "1 entry",
            _ => string.Create(CultureInfo.InvariantCulture, $"{metadata.Count} entries"),
        };
        output.WriteLine($"{"Metadata".PadRight(LabelWidth)}{entries}");
        foreach (var (key, value) in metadata)
        {
            output.WriteLine($"  {key} = {value}");
        }
    }

    /// <summary>The metadata by key, so output does not depend on the order a writer happened to use.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> SortedMetadata(SafetensorsFile file) =>
        [.. file.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    private static string Shape(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape.Select(Number))}]";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
