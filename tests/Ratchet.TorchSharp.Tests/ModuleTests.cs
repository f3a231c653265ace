using Ratchet.Checkpoints;
using Ratchet.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp.Tests;

public sealed class ModuleTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LoadModuleAsync_EveryDType_RestoresEveryTensorBitExact()
    {
        using var saved = new EveryDTypeModule(seed: 1);
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddModule("model", saved));
        using var restored = new EveryDTypeModule(seed: 2);

        var result = await checkpoint.LoadModuleAsync("model", restored);

        result.IsComplete.ShouldBeTrue();
        var expected = saved.state_dict();
        var actual = restored.state_dict();
        actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true);
        actual.Keys.ShouldContain("child.weight");
        foreach (var (key, tensor) in expected)
        {
            actual[key].dtype.ShouldBe(tensor.dtype, key);
            actual[key].shape.ShouldBe(tensor.shape, key);
            actual[key].bytes.ToArray().ShouldBe(tensor.bytes.ToArray(), key);
        }
    }

    [Fact]
    public async Task AddModule_PartHoldsStateDictNames_SoPythonSafetensorsSeesPyTorchNames()
    {
        using var module = new EveryDTypeModule(seed: 3);
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddModule("model", module));

        var tensors = await checkpoint.ReadTensorsAsync("model");

        tensors.Select(tensor => tensor.Name).ShouldBe(module.state_dict().Keys, ignoreOrder: true);
        tensors["buffer_BFloat16"].DType.ShouldBe(TensorDType.BF16);
        tensors["child.bias"].Shape.ShouldBe([3L]);
    }

    [Fact]
    public async Task LoadModuleAsync_ModuleOfAnotherShape_ListsEveryMismatchAndChangesNothing()
    {
        using var saved = nn.Sequential(("fc1", nn.Linear(4, 8)), ("fc2", nn.Linear(8, 2)));
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddModule("model", saved));
        using var other = nn.Sequential(("fc1", nn.Linear(4, 6)), ("fc3", nn.Linear(6, 2)));
        other.to(ScalarType.Float64);
        var before = other.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.bytes.ToArray());

        var error = await Should.ThrowAsync<ModuleLoadException>(() => checkpoint.LoadModuleAsync("model", other));

        error.Message.ShouldContain("part 'model' of checkpoint step 10");
        error.Result.Missing.ShouldBe(["fc3.weight", "fc3.bias"], ignoreOrder: true);
        error.Result.Unexpected.ShouldBe(["fc2.weight", "fc2.bias"], ignoreOrder: true);
        error.Result.ShapeMismatches.Count.ShouldBe(2);
        foreach (var (key, tensor) in other.state_dict())
        {
            tensor.bytes.ToArray().ShouldBe(before[key], key);
        }
    }

    [Fact]
    public async Task LoadModuleAsync_DTypeMismatch_IsReportedAndNonStrictLoadsTheRest()
    {
        using var saved = nn.Sequential(("fc1", nn.Linear(4, 8)), ("fc2", nn.Linear(8, 2)));
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddModule("model", saved));
        var half = nn.Linear(8, 2);
        half.to(ScalarType.Float16);
        using var other = nn.Sequential(("fc1", nn.Linear(4, 8)), ("fc2", half));

        var result = await checkpoint.LoadModuleAsync("model", other, strict: false);

        result.DTypeMismatches.Count.ShouldBe(2);
        result.Missing.ShouldBeEmpty();
        other.state_dict()["fc1.weight"].bytes.ToArray().ShouldBe(saved.state_dict()["fc1.weight"].bytes.ToArray());
    }

    [Fact]
    public async Task LoadModuleAsync_CorruptedPart_IsCaughtByTheChecksumsBeforeTheModuleChanges()
    {
        using var saved = nn.Linear(64, 64);
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddModule("model", saved));
        string part = Path.Combine(checkpoint.DirectoryPath, "model.safetensors");
        var bytes = await File.ReadAllBytesAsync(part);
        bytes[^100] ^= 0x40;
        await File.WriteAllBytesAsync(part, bytes);
        using var target = nn.Linear(64, 64);
        var before = target.state_dict()["weight"].bytes.ToArray();

        await Should.ThrowAsync<CheckpointCorruptException>(() => checkpoint.LoadModuleAsync("model", target));

        target.state_dict()["weight"].bytes.ToArray().ShouldBe(before);
    }

    [Fact]
    public async Task SnapshotSave_CopiesTheModuleFromNativeMemory_SoTheNextStepDoesNotChangeWhatIsSaved()
    {
        using var module = nn.Linear(64, 64);
        byte[] before = module.state_dict()["weight"].bytes.ToArray();
        var options = new Runs.TrainingRunOptions { HandleStopSignals = false, SaveMode = SaveMode.Snapshot };
        await using (var run = await Runs.TrainingRun.OpenAsync(_temp.Path, new { model = "snapshot" }, options))
        {
            var save = await run.SaveAsync(new CheckpointContent(10, 1).AddModule("model", module));
            using (no_grad())
            {
                module.weight!.add_(1.0); // the next optimizer step, while the save may still be writing
            }

            await save.Committed;
        }

        await using var resumed = await Runs.TrainingRun.OpenAsync(_temp.Path, new { model = "snapshot" }, new Runs.TrainingRunOptions { HandleStopSignals = false });
        using var restored = nn.Linear(64, 64);
        await resumed.ResumedCheckpoint!.LoadModuleAsync("model", restored);
        restored.state_dict()["weight"].bytes.ToArray().ShouldBe(before);
    }
}
