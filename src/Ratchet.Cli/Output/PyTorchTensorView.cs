using System.Globalization;
using Ratchet.PyTorch;
using Spectre.Console;

namespace Ratchet.Cli.Output;

/// <summary>A PyTorch file for people: the file and format, a table of tensors by dotted path, then plain values and
/// opaque objects as <c>name = value</c> lines (unwrapped, so they stay greppable).</summary>
internal static class PyTorchTensorView
{
    private const int LabelWidth = 13;

    public static void Write(CliContext context, PyTorchListing listing)
    {
        var output = context.Output;
        output.WriteLine($"{"File".PadRight(LabelWidth)}{listing.File.Path}");
        output.WriteLine($"{"Format".PadRight(LabelWidth)}PyTorch ({(listing.File.Format == PyTorchFileFormat.Zip ? "zip, torch ≥ 1.6" : "legacy, torch < 1.6")}), read without running it");
        long bytes = listing.Tensors.Sum(leaf => ((PyTorchTensor)leaf.Value!).ByteLength);
        output.WriteLine($"{"Tensors".PadRight(LabelWidth)}{(listing.Tensors.Count == 0 ? "none" : $"{listing.Tensors.Count}, {Formats.Bytes(bytes)}")}");
        if (listing.Tensors.Count > 0)
        {
            var table = new Table().AddColumn("Name").AddColumn(new TableColumn("DType").NoWrap()).AddColumn(new TableColumn("Shape").NoWrap());
            if (listing.Hashes is not null)
            {
                table.AddColumn(new TableColumn("SHA-256").NoWrap());
            }

            foreach (var leaf in listing.Tensors)
            {
                var tensor = (PyTorchTensor)leaf.Value!;
                var cells = new List<Text> { new(leaf.Name), new(tensor.DType.Name()), new($"[{string.Join(", ", tensor.Shape.Select(Number))}]") };
                if (listing.Hashes is not null)
                {
                    cells.Add(new Text(listing.Hashes[tensor]));
                }

                table.AddRow(cells);
            }

            context.Console.Write(table);
        }

        WriteLines(output, "Values", listing.Values);
        WriteLines(output, "Objects", listing.Objects);
        if (listing.File.OpaqueGlobals.Count > 0)
        {
            output.WriteLine($"{"Not imported".PadRight(LabelWidth)}{string.Join(", ", listing.File.OpaqueGlobals)} (shown as opaque objects; never imported or called)");
        }
    }

    private static void WriteLines(TextWriter output, string label, IReadOnlyList<PyTorchLeaf> leaves)
    {
        output.WriteLine($"{label.PadRight(LabelWidth)}{(leaves.Count == 0 ? "none" : Number(leaves.Count))}");
        foreach (var leaf in leaves)
        {
            output.WriteLine($"  {leaf.Name} = {PyTorchJson.Serialize(leaf.Value)}");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
