namespace Ratchet.S3;

/// <summary>An <c>s3://bucket/prefix</c> location and the keys of a run under it.</summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3";

    public static S3Location Parse(string location)
    {
        const string Start = Scheme + "://";
        if (!location.StartsWith(Start, StringComparison.OrdinalIgnoreCase))
        {
            throw new RunOptionsException($"'{location}' is not an S3 location; write it as s3://bucket/prefix.");
        }

        string rest = location[Start.Length..].Trim('/');
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? "" : rest[(slash + 1)..].TrimEnd('/');
        if (bucket.Length == 0)
        {
            throw new RunOptionsException($"'{location}' names no bucket; write it as s3://bucket/prefix.");
        }

        if (prefix.Split('/').Any(segment => segment is "." or ".." || (segment.Length == 0 && prefix.Length > 0)))
        {
            throw new RunOptionsException($"The prefix of '{location}' has an empty, '.' or '..' segment; name the run with plain segments.");
        }

        return new S3Location(bucket, prefix);
    }

    /// <summary>The key of a name relative to the run (<c>run.json</c>, <c>checkpoints/step-…/x</c>).</summary>
    public string Key(string relative) => Prefix.Length == 0 ? relative : Prefix + "/" + relative;

    /// <summary>The run's own prefix, ending with a slash (empty for a run at the bucket's root).</summary>
    public string RunPrefix => Prefix.Length == 0 ? "" : Prefix + "/";

    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";
}
