using System.Globalization;
using Ratchet.Storage;

namespace Ratchet.S3;

public sealed partial class S3RunStore
{
    /// <summary>Where set-aside things go, as in a local run: <c>superseded/&lt;UTC time&gt;/</c>.</summary>
    private const string SetAsideFolder = "superseded";

    /// <inheritdoc/>
    /// <remarks>S3 cannot rename: each object is copied, then the originals are deleted, a checkpoint's manifest first
    /// so that a crash midway never leaves two committed copies of one checkpoint in the timeline (at worst debris).</remarks>
    public async Task<string?> SetAsideAsync(IReadOnlyList<string> checkpoints, IReadOnlyList<string> runFiles, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(runFiles);
        var present = new List<string>();
        foreach (string file in runFiles)
        {
            if (await _objects.LengthAsync(FileKey(file), cancellationToken).ConfigureAwait(false) is not null)
            {
                present.Add(file);
            }
        }

        if (checkpoints.Count == 0 && present.Count == 0)
        {
            return null;
        }

        string destination = await NewSetAsideFolderAsync(now, cancellationToken).ConfigureAwait(false);
        foreach (string checkpoint in checkpoints)
        {
            string source = CheckpointPrefix(checkpoint);
            var keys = new List<string>();
            await foreach (var item in _objects.ListAsync(source, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(item.Key);
            }

            foreach (string key in keys)
            {
                await _objects.CopyAsync(key, $"{destination}{RunLayout.CheckpointsFolder}/{checkpoint}/{key[source.Length..]}", cancellationToken).ConfigureAwait(false);
            }

            string manifest = source + RunLayout.ManifestFile;
            if (keys.Contains(manifest))
            {
                await UncommitCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            }

            await _objects.DeleteAllAsync(keys.Where(key => key != manifest), cancellationToken).ConfigureAwait(false);
        }

        foreach (string file in present)
        {
            await _objects.CopyAsync(FileKey(file), destination + file, cancellationToken).ConfigureAwait(false);
            await _objects.DeleteAsync(FileKey(file), cancellationToken).ConfigureAwait(false);
        }

        return $"s3://{Where.Bucket}/{destination.TrimEnd('/')}";
    }

    /// <summary>A new <c>superseded/&lt;stamp&gt;/</c> prefix nobody used yet (its marker object is created create-only).</summary>
    private async Task<string> NewSetAsideFolderAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        string stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        for (int suffix = 1; ; suffix++)
        {
            string folder = Where.Key($"{SetAsideFolder}/{(suffix == 1 ? stamp : $"{stamp}-{suffix}")}/");
            if (await _objects.PutAsync(folder + ".set-aside", ReadOnlyMemory<byte>.Empty, createOnly: true, cancellationToken).ConfigureAwait(false))
            {
                return folder;
            }
        }
    }
}
