using Ratchet.Runs;

namespace Ratchet.S3.Tests.Runs;

/// <summary>Problems no retry fixes give one clear sentence saying what to do, never an SDK stack trace, both through
/// the store and through a real process configured the standard way.</summary>
[Collection(CephSuite.Name)]
public sealed class S3ErrorTests(CephFixture ceph)
{
    [Fact]
    public async Task Store_WrongSecret_IsACredentialsProblem()
    {
        var store = new S3RunStore(await ceph.NewRunLocationAsync(), ceph.CreateClient(ceph.Gateway.SecretKey + "wrong"));

        var error = await Should.ThrowAsync<S3StoreException>(() => store.ExistsAsync(default));

        error.Kind.ShouldBe(S3ProblemKind.Credentials);
        error.Message.ShouldContain("AWS_SECRET_ACCESS_KEY");
    }

    [Fact]
    public async Task Store_MissingBucket_IsAMissingBucketProblem()
    {
        var store = new S3RunStore("s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] + "/run", ceph.Client);

        var error = await Should.ThrowAsync<S3StoreException>(() => store.ListCheckpointsAsync(default));

        error.Kind.ShouldBe(S3ProblemKind.MissingBucket);
        error.Message.ShouldContain("does not exist");
    }

    [Theory]
    [InlineData("wrong-secret", "Credentials")]
    [InlineData("missing-bucket", "MissingBucket")]
    [InlineData("unreachable", "Unreachable")]
    [InlineData("no-credentials", "Credentials")]
    public async Task OpenAsync_InAChildConfiguredFromTheEnvironment_FailsWithOneClearSentence(string problem, string kind)
    {
        using var home = new TempDirectory(); // no AWS profile to fall back on
        string location = problem == "missing-bucket" ? "s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] + "/run" : await ceph.NewRunLocationAsync();
        var overrides = new Dictionary<string, string?> { ["HOME"] = home.Path, ["AWS_EC2_METADATA_DISABLED"] = "true" };
        switch (problem)
        {
            case "wrong-secret":
                overrides["AWS_SECRET_ACCESS_KEY"] = "wrong" + ceph.Gateway.SecretKey;
                break;
            case "unreachable":
                overrides["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1";
                break;
            case "no-credentials":
                overrides["AWS_ACCESS_KEY_ID"] = null;
                overrides["AWS_SECRET_ACCESS_KEY"] = null;
                break;
        }

        using var child = S3Child.Start(ceph, overrides, "open", location);
        int exitCode = await child.WaitForExitAsync(TimeSpan.FromSeconds(90));

        string output = string.Join('\n', child.Output.Concat(child.Errors));
        exitCode.ShouldBe(2, output);
        child.Output.ShouldContain(line => line.StartsWith($"error S3StoreException {kind}: ", StringComparison.Ordinal), output);
        output.ShouldNotContain("   at ");
        output.ShouldNotContain("Amazon.");
    }
}
