using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ratchet.Checkpoints;
using Ratchet.Retention;
using Ratchet.Runs;
using Ratchet.S3;
using Ratchet.TestSupport;

// Saves SIZE MiB through Ratchet to a local Ceph gateway and uploads the same bytes with plain multipart calls
// (the same part size and parallelism) from the same process, in alternating rounds; prints each round and, last,
// one JSON line with the medians, their ratio (Ratchet's throughput over the plain upload's) and the bytes each
// allocated in the last round (the first also pays for warming the buffer pool).
int sizeMb = Option("--size-mb", 1024);
int rounds = Option("--rounds", 3);
const int PartSize = 16 << 20, InFlight = 4; // what the S3 store uses (S3PartUpload.ChunkSize, S3Staging.MaxUploadsInFlight)

using var gateway = CephGateway.Start();
using var client = new AmazonS3Client(new BasicAWSCredentials(gateway.AccessKey, gateway.SecretKey), new AmazonS3Config
{
    ServiceURL = gateway.Endpoint,
    ForcePathStyle = true,
    AuthenticationRegion = gateway.Region,
    RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
    ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
});
const string Bucket = "bench";
await client.PutBucketAsync(Bucket);
S3Storage.Register(client);

byte[] data = new byte[(long)sizeMb << 20];
new Random(1).NextBytes(data);
var config = new { benchmark = "s3-save" };
await using var run = await TrainingRun.OpenAsync($"s3://{Bucket}/run", config, new TrainingRunOptions { Retention = RetentionPolicy.KeepLast(1), HandleStopSignals = false });

var ratchet = new List<double>();
var plain = new List<double>();
long ratchetAllocated = 0, plainAllocated = 0;
for (int round = 1; round <= rounds; round++)
{
    long allocated = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    await run.SaveAsync(new CheckpointContent(round).AddBytes("weights", data));
    ratchet.Add(clock.Elapsed.TotalSeconds);
    ratchetAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

    allocated = GC.GetTotalAllocatedBytes(precise: true);
    clock.Restart();
    await PlainUploadAsync($"plain/{round}");
    plain.Add(clock.Elapsed.TotalSeconds);
    plainAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    await client.DeleteObjectAsync(Bucket, $"plain/{round}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: ratchet {sizeMb / ratchet[^1]:F0} MiB/s ({ratchetAllocated >> 20} MiB allocated), plain multipart {sizeMb / plain[^1]:F0} MiB/s ({plainAllocated >> 20} MiB allocated)"));
}

double ratchetMiBs = sizeMb / Median(ratchet), plainMiBs = sizeMb / Median(plain);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"size_mb\":{sizeMb},\"rounds\":{rounds},\"ratchet_mib_s\":{ratchetMiBs:F1},\"plain_mib_s\":{plainMiBs:F1},\"ratio\":{ratchetMiBs / plainMiBs:F2},"
    + $"\"ratchet_allocated_mb\":{ratchetAllocated / 1048576.0:F1},\"plain_allocated_mb\":{plainAllocated / 1048576.0:F1}}}"));
return 0;

async Task PlainUploadAsync(string key)
{
    var upload = await client.InitiateMultipartUploadAsync(Bucket, key);
    using var slots = new SemaphoreSlim(InFlight);
    var parts = new List<Task<PartETag>>();
    for (long offset = 0, number = 1; offset < data.Length; offset += PartSize, number++)
    {
        await slots.WaitAsync();
        int length = (int)Math.Min(PartSize, data.Length - offset);
        var stream = new MemoryStream(data, (int)offset, length, writable: false);
        int partNumber = (int)number;
        parts.Add(Task.Run(async () =>
        {
            try
            {
                var response = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartNumber = partNumber, InputStream = stream, PartSize = length,
                });
                return new PartETag(partNumber, response.ETag);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    var etags = await Task.WhenAll(parts);
    await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartETags = [.. etags] });
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

int Option(string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
