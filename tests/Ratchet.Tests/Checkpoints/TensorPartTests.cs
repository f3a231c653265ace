using Ratchet.Checkpoints;
using Ratchet.Tensors;

namespace Ratchet.Tests.Checkpoints;

public sealed class TensorPartTests : IDisposable
{
    private readonly CheckpointFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static TensorSet Weights()
    {
        var tensors = new TensorSet()
            .Add("layer0.weight", [2L, 3L], new float[] { 1, 2, 3, 4, 5, 6 })
            .Add("layer0.bias", [3L], new float[] { 0.5f, -0.5f, 0 })
            .Add("steps", [1L], new long[] { 42 });
        tensors.Metadata["format"] = "test";
        return tensors;
    }

    [Fact]
    public async Task SaveAsync_TensorPart_ReadBackCopiedAndMappedIdentically()
    {
        await _fixture.Manager.SaveAsync(new CheckpointContent(1).AddTensors("G", Weights()));
        var checkpoint = await _fixture.Manager.OpenAsync(1);

        var copied = await checkpoint.ReadTensorsAsync("G");
        checkpoint.CanMapTensors.ShouldBeTrue();
        using var mapped = checkpoint.MapTensors("G");

        copied.GetSpan<float>("layer0.weight").ToArray().ShouldBe([1f, 2, 3, 4, 5, 6]);
        mapped.GetSpan<float>("layer0.bias").ToArray().ShouldBe([0.5f, -0.5f, 0]);
        mapped.GetSpan<long>("steps")[0].ShouldBe(42);
        mapped.Metadata["format"].ShouldBe("test");
        checkpoint.Manifest.FindPart("G")!.File.ShouldBe("G.safetensors");
    }

    [Fact]
    public async Task ReadTensorsAsync_DataByteFlipped_ThrowsCorruptInsteadOfLoading()
    {
        await _fixture.Manager.SaveAsync(new CheckpointContent(1).AddTensors("G", Weights()));
        var checkpoint = await _fixture.Manager.OpenAsync(1);
        long length = new FileInfo(_fixture.PathOf(1, "G.safetensors")).Length;
        _fixture.FlipByte(1, "G.safetensors", length - 3);

        await Should.ThrowAsync<CheckpointCorruptException>(() => checkpoint.ReadTensorsAsync("G"));
    }
}
