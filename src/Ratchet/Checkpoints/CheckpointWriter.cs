using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ratchet.Checksums;
using Ratchet.Storage;

namespace Ratchet.Checkpoints;

/// <summary>
/// The commit protocol of docs/on-disk-format.md: parts streamed into a pending directory and fsynced, the
/// manifest last, the pending directory fsynced, renamed into place, the parent fsynced. Until the rename the
/// checkpoint does not exist; after the parent's fsync it cannot disappear.
/// </summary>
internal sealed class CheckpointWriter(
    string checkpointsDirectory,
    IFileSystem fileSystem,
    ChecksumAlgorithm algorithm,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task<CheckpointManifest> CommitAsync(CheckpointContent content, string? runSignature, long historyLength, CancellationToken cancellationToken)
    {
        string finalName = CheckpointDirectories.NameFor(content.Step);
        string finalPath = Path.Combine(checkpointsDirectory, finalName);
        string pendingPath = Path.Combine(checkpointsDirectory, CheckpointDirectories.NewPendingName(content.Step));
        var clock = Stopwatch.StartNew();
        CheckpointManifest manifest;
        var written = new List<(PartEntry Entry, IWritableFile File)>(content.Parts.Count);
        try
        {
            fileSystem.CreateDirectory(pendingPath);
            foreach (var part in content.Parts)
            {
                written.Add(await WritePartAsync(pendingPath, part, cancellationToken).ConfigureAwait(false));
            }

            // The parts are synced only once all are written: syncing each before writing the next leaves the disk idle
            // while the next part is produced. They are synced one by one, in order, so that the sequence of file-system
            // operations is the same on every run (the crash sweeps replay it by index). The manifest comes after all.
            foreach (var (entry, file) in written)
            {
                SyncPart(entry, file);
            }

            var parts = written.ConvertAll(part => part.Entry);

            manifest = new CheckpointManifest(
                content.Step, content.Epoch, timeProvider.GetUtcNow(), runSignature, historyLength, parts, content.Metrics, WriterInfo.Current);
            await WriteFileAsync(Path.Combine(pendingPath, PartNames.ManifestFile), ManifestSerializer.Serialize(manifest), cancellationToken).ConfigureAwait(false);
            fileSystem.SyncDirectory(pendingPath);
        }
        catch (OperationCanceledException)
        {
            RemovePending(pendingPath);
            throw;
        }
        catch (Exception e)
        {
            RemovePending(pendingPath);
            throw SaveFailed(content.Step, pendingPath, e, "Nothing was committed; the previous checkpoints are unchanged");
        }
        finally
        {
            foreach (var (_, file) in written)
            {
                file.Dispose();
            }
        }

        try
        {
            fileSystem.Rename(pendingPath, finalPath);
        }
        catch (Exception e)
        {
            RemovePending(pendingPath);
            throw SaveFailed(content.Step, finalPath, e, "Nothing was committed; the previous checkpoints are unchanged");
        }

        try
        {
            fileSystem.SyncDirectory(checkpointsDirectory);
        }
        catch (IOException e)
        {
            // The checkpoint is in place but a power loss could still undo the rename: the save did not succeed.
            throw SaveFailed(content.Step, checkpointsDirectory, e, $"'{finalName}' is in place but may not survive a power loss; verify the run before trusting it");
        }

        CheckpointLog.Committed(logger, manifest.Step, manifest.Epoch, manifest.Parts.Count, manifest.TotalBytes, clock.ElapsedMilliseconds);
        return manifest;
    }

    /// <summary>Streams one part into its file and checksums it; the file stays open, unsynced, for
    /// <see cref="SyncPart"/>.</summary>
    private async Task<(PartEntry Entry, IWritableFile File)> WritePartAsync(string pendingPath, CheckpointPart part, CancellationToken cancellationToken)
    {
        string fileName = PartNames.FileFor(part.Name, part.Kind);
        IWritableFile? file = null;
        try
        {
            using var checksum = IncrementalChecksum.Create(algorithm);
            file = fileSystem.CreateFile(Path.Combine(pendingPath, fileName));
            long length;
            var stream = new PartWriteStream(file, checksum);
            await using (stream.ConfigureAwait(false))
            {
                await part.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                length = stream.BytesWritten;
            }

            return (new PartEntry(part.Name, fileName, part.Kind, length, checksum.Finish()), file);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            file?.Dispose();
            throw new PartWriteException(part.Name, fileName, e);
        }
        catch (OperationCanceledException)
        {
            file?.Dispose();
            throw;
        }
    }

    private static void SyncPart(PartEntry part, IWritableFile file)
    {
        try
        {
            file.Sync();
        }
        catch (Exception e)
        {
            // A failed fsync leaves the data's state unknown: the save fails; it is never retried and trusted.
            throw new PartWriteException(part.Name, part.File, e);
        }
    }

    private async Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        using var file = fileSystem.CreateFile(path);
        await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        file.Sync();
    }

    private void RemovePending(string pendingPath)
    {
        try
        {
            if (fileSystem.GetEntry(pendingPath) is not null)
            {
                fileSystem.DeleteDirectory(pendingPath);
            }
        }
        catch (IOException e)
        {
            // Left for the next open's sweep; the failure that matters is the one being reported.
            CheckpointLog.PendingNotRemoved(logger, pendingPath, e.Message);
        }
    }

    private static CheckpointSaveException SaveFailed(long step, string path, Exception error, string consequence)
    {
        var cause = error is PartWriteException partError ? partError.InnerException! : error;
        string where = error is PartWriteException part ? $"while writing part '{part.PartName}' ({part.FileName})" : $"at '{path}'";
        string advice = StorageErrors.IsDiskFull(cause)
            ? " The disk is full: free space (for example prune old checkpoints with `ratchet prune`) and save again."
            : "";
        return new CheckpointSaveException($"Saving checkpoint step {step} failed {where}: {cause.Message} {consequence}.{advice}", cause);
    }

    private sealed class PartWriteException(string partName, string fileName, Exception inner) : Exception(inner.Message, inner)
    {
        public string PartName { get; } = partName;

        public string FileName { get; } = fileName;
    }
}
