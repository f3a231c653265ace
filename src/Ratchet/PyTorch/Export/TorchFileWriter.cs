using System.Text;
using Ratchet.Storage.Local;

namespace Ratchet.PyTorch.Export;

/// <summary>Writes one value as a torch.save zip file, atomically: a temporary name in the destination folder, fsync,
/// a rename that never replaces an existing file, and an fsync of the folder. A crash leaves no file under the final name.</summary>
internal static class TorchFileWriter
{
    private const int ChunkBytes = 1 << 20;

    public static async Task WriteAsync(string path, object root, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        string directory = Path.GetDirectoryName(path)!;
        string stem = Path.GetFileNameWithoutExtension(path);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var writer = new PickleWriter())
            {
                byte[] pickle = writer.Write(root);
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
                var zip = new TorchZipWriter(stream);
                zip.Add($"{stem}/data.pkl", pickle);
                zip.Add($"{stem}/byteorder", "little"u8.ToArray());
                for (int key = 0; key < writer.Storages.Count; key++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var tensor = writer.Storages[key];
                    long size = tensor.Info.ByteLength;
                    uint crc = 0;
                    for (long done = 0; done < size; done += ChunkBytes)
                    {
                        crc = ZipCrc32.Append(crc, tensor.Source.GetBytes(tensor.Info.Name, done, (int)Math.Min(ChunkBytes, size - done)));
                    }

                    zip.Add($"{stem}/data/{key}", size, crc, target =>
                    {
                        for (long done = 0; done < size; done += ChunkBytes)
                        {
                            target.Write(tensor.Source.GetBytes(tensor.Info.Name, done, (int)Math.Min(ChunkBytes, size - done)));
                        }
                    });
                    progress?.Report(size);
                }

                zip.Add($"{stem}/version", Encoding.ASCII.GetBytes("3\n"));
                zip.Finish();
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            DirectorySync.Sync(directory);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
