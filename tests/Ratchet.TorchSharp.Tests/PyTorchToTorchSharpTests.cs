using Ratchet.PyTorch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ratchet.TorchSharp.Tests;

/// <summary>A discriminator trained in PyTorch (the corpus's Applio files) continues in TorchSharp: its state dict loads
/// into a module built in C# from the architecture, independently of the file's keys, and every tensor matches.</summary>
public sealed class PyTorchToTorchSharpTests
{
    [Fact]
    public void LoadStateDict_ApplioDiscriminator_LoadsEveryTensorExactly()
    {
        using var file = PyTorchFile.Open(ForeignCorpus.Combine("applio/clean/logs/myvoice/D_3000.pth"));
        using var discriminator = new RvcShapedDiscriminator(channels: 8);

        var result = discriminator.LoadStateDict(file);

        result.IsComplete.ShouldBeTrue();
        var model = (PyTorchDict)((PyTorchDict)file.Root!).Get("model")!;
        var state = discriminator.state_dict();
        state.Count.ShouldBe(model.Count);
        foreach (var (key, value) in model)
        {
            state[(string)key!].bytes.ToArray().ShouldBe(file.ReadTensor((PyTorchTensor)value!), (string)key!);
        }
    }

    [Fact]
    public void LoadStateDict_ModuleOfAnotherWidth_ListsEveryShapeMismatchAndChangesNothing()
    {
        using var file = PyTorchFile.Open(ForeignCorpus.Combine("applio/clean/logs/myvoice/D_3000.pth"));
        using var wider = new RvcShapedDiscriminator(channels: 16);
        var before = wider.state_dict()["discriminators.0.convs.1.weight_v"].bytes.ToArray();

        var error = Should.Throw<ModuleLoadException>(() => wider.LoadStateDict(file));

        error.Result.ShapeMismatches.Count.ShouldBe(14);
        error.Message.ShouldContain("D_3000.pth");
        wider.state_dict()["discriminators.0.convs.1.weight_v"].bytes.ToArray().ShouldBe(before);
    }

    /// <summary>RVC's multi-scale discriminator at the corpus's width: per scale, two weight-normalised convolutions
    /// (kernel 5) and a post-convolution (kernel 3), parameters named as PyTorch's weight_norm names them.</summary>
    private sealed class RvcShapedDiscriminator : nn.Module
    {
        private readonly ModuleList<nn.Module> discriminators;

        public RvcShapedDiscriminator(int channels)
            : base(nameof(RvcShapedDiscriminator))
        {
            discriminators = nn.ModuleList<nn.Module>(new Scale(channels), new Scale(channels));
            RegisterComponents();
        }

        private sealed class Scale : nn.Module
        {
            private readonly ModuleList<nn.Module> convs;
            private readonly WeightNormConv conv_post;

            public Scale(int channels)
                : base(nameof(Scale))
            {
                convs = nn.ModuleList<nn.Module>(new WeightNormConv(1, channels, 5), new WeightNormConv(channels, channels, 5));
                conv_post = new WeightNormConv(channels, 1, 3);
                RegisterComponents();
            }
        }

        private sealed class WeightNormConv : nn.Module
        {
            public WeightNormConv(int inputs, int outputs, int kernel)
                : base(nameof(WeightNormConv))
            {
                register_parameter("bias", nn.Parameter(zeros(outputs)));
                register_parameter("weight_g", nn.Parameter(ones(outputs, 1, 1)));
                register_parameter("weight_v", nn.Parameter(randn(outputs, inputs, kernel)));
            }
        }
    }
}
