using System.Buffers.Binary;
using System.Diagnostics;

namespace Ratchet.Tests.TensorBoard;

/// <summary>Reads event files independently of the library: the framing by hand, the CRCs with a bitwise CRC-32C written
/// here, each event's protobuf decoded by <c>protoc --decode_raw</c> (Debian's protobuf-compiler).</summary>
internal static class EventFile
{
    public static List<byte[]> Records(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        for (int offset = 0; offset < bytes.Length;)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)).ShouldBe(MaskedCrc(bytes.AsSpan(offset, 8)), "length CRC");
            var data = bytes.AsSpan(offset + 12, (int)length).ToArray();
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 12 + (int)length)).ShouldBe(MaskedCrc(data), "data CRC");
            records.Add(data);
            offset += 16 + (int)length;
        }

        return records;
    }

    public static async Task<string> DecodeRawAsync(byte[] message)
    {
        const string protoc = "/usr/bin/protoc";
        if (!File.Exists(protoc))
        {
            throw new InvalidOperationException("protoc is missing: install Debian's protobuf-compiler (apt-get install protobuf-compiler); ./test.sh does.");
        }

        var info = new ProcessStartInfo(protoc, "--decode_raw") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        await process.StandardInput.BaseStream.WriteAsync(message);
        process.StandardInput.Close();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
        return output;
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8);
    }
}
