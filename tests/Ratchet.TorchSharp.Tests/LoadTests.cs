using static TorchSharp.torch;

namespace Ratchet.TorchSharp.Tests;

public sealed class LoadTests
{
    [Fact]
    public void Torch_OnThisMachine_Loads()
    {
        using var tensor = ones(3);
        tensor.sum().item<float>().ShouldBe(3f);
        var state = random.get_rng_state();
        random.set_rng_state(state);
        var g = new Generator(1);
        g.get_state().shape.ShouldNotBeEmpty();
    }
}
