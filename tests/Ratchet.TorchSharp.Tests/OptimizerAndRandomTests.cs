using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp.Tests;

public sealed class OptimizerAndRandomTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Optimizers => ["adamw", "adam", "sgd"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public async Task LoadOptimizerAsync_AfterTraining_ContinuesExactlyAsTheUninterruptedOptimizer(string kind)
    {
        random.manual_seed(7);
        using var model = nn.Linear(6, 3);
        var optimizer = Create(kind, model);
        Train(model, optimizer, steps: 3, seed: 1);
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddModule("model", model).AddOptimizer("optim", optimizer));

        using var resumed = nn.Linear(6, 3);
        var resumedOptimizer = Create(kind, resumed);
        await checkpoint.LoadModuleAsync("model", resumed);
        await checkpoint.LoadOptimizerAsync("optim", resumedOptimizer);
        Train(model, optimizer, steps: 2, seed: 2);
        Train(resumed, resumedOptimizer, steps: 2, seed: 2);

        foreach (var (key, tensor) in model.state_dict())
        {
            resumed.state_dict()[key].bytes.ToArray().ShouldBe(tensor.bytes.ToArray(), $"{kind}: {key}");
        }
    }

    [Fact]
    public async Task RestoreTorchRandomAsync_DefaultAndNamedGenerators_DrawTheSameNumbersAgain()
    {
        random.manual_seed(11);
        using var shuffler = new Generator(5);
        _ = rand(3, generator: shuffler);
        var generators = new Dictionary<string, Generator> { ["shuffle"] = shuffler };
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddTorchRandom(generators));
        var expectedDefault = rand(8).bytes.ToArray();
        var expectedShuffle = randperm(10, generator: shuffler).bytes.ToArray();

        random.manual_seed(999);
        using var fresh = new Generator(123);
        await checkpoint.RestoreTorchRandomAsync(new Dictionary<string, Generator> { ["shuffle"] = fresh });

        rand(8).bytes.ToArray().ShouldBe(expectedDefault);
        randperm(10, generator: fresh).bytes.ToArray().ShouldBe(expectedShuffle);
    }

    [Fact]
    public async Task RestoreTorchRandomAsync_GeneratorNeverSaved_NamesIt()
    {
        var checkpoint = await TorchRun.SaveAndResumeAsync(_temp.Path, content => content.AddTorchRandom());

        var error = await Should.ThrowAsync<ModuleLoadException>(() => checkpoint.RestoreTorchRandomAsync(new Dictionary<string, Generator> { ["loader"] = new Generator(1) }));

        error.Message.ShouldContain("loader");
    }

    [Fact]
    public void ToHostContiguous_ChunkedCopy_MatchesTheWholeTensor()
    {
        // The chunked path is the CUDA path; exercised here on a strided CPU view forced through it.
        using var source = arange(0, 1000, dtype: ScalarType.Float32).reshape(50, 20).t();
        using var whole = source.contiguous();

        using var chunked = HostTensors.CopyInChunks(source, chunkElements: 64);

        chunked.bytes.ToArray().ShouldBe(whole.bytes.ToArray());
    }

    private static OptimizerHelper Create(string kind, nn.Module model) => kind switch
    {
        "adamw" => optim.AdamW(model.parameters(), lr: 0.01, beta1: 0.8, beta2: 0.99, weight_decay: 0.01),
        "adam" => optim.Adam(model.parameters(), lr: 0.01),
        _ => optim.SGD(model.parameters(), learningRate: 0.01, momentum: 0.9),
    };

    private static void Train(nn.Module model, OptimizerHelper optimizer, int steps, int seed)
    {
        using var generator = new Generator((ulong)seed);
        for (int step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            using var input = rand(new long[] { 4, 6 }, generator: generator);
            using var output = ((nn.Module<Tensor, Tensor>)model).forward(input);
            using var loss = output.pow(2).mean();
            loss.backward();
            optimizer.step();
        }
    }
}
