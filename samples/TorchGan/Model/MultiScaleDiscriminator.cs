using TorchSharp;
using static TorchSharp.torch;

namespace TorchGan.Model;

/// <summary>Discriminators at two scales, as HiFi-GAN and RVC use: one on the waveform, one on it average-pooled by two;
/// each a stack of weight-normalised strided convolutions ending in a one-channel score map.</summary>
public sealed class MultiScaleDiscriminator : nn.Module<Tensor, Tensor[]>
{
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> discriminators;

    public MultiScaleDiscriminator(int width, torch.Generator weights)
        : base(nameof(MultiScaleDiscriminator))
    {
        discriminators = nn.ModuleList<nn.Module<Tensor, Tensor>>(new ScaleDiscriminator(width, weights), new ScaleDiscriminator(width, weights));
        RegisterComponents();
    }

    public override Tensor[] forward(Tensor audio)
    {
        var pooled = nn.functional.avg_pool1d(audio, 4, 2, padding: 2); // autograd needs it until backward; the caller's scope frees it
        return [discriminators[0].forward(audio), discriminators[1].forward(pooled)];
    }

    private sealed class ScaleDiscriminator : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.ModuleList<WeightNormConv1d> convs;
        private readonly WeightNormConv1d conv_post;

        public ScaleDiscriminator(int width, torch.Generator weights)
            : base(nameof(ScaleDiscriminator))
        {
            convs = nn.ModuleList(
                new WeightNormConv1d(1, width, 15, padding: 7, generator: weights),
                new WeightNormConv1d(width, 2 * width, 41, stride: 4, padding: 20, generator: weights),
                new WeightNormConv1d(2 * width, 2 * width, 5, padding: 2, generator: weights));
            conv_post = new WeightNormConv1d(2 * width, 1, 3, padding: 1, generator: weights);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = input;
            foreach (var conv in convs)
            {
                x = nn.functional.leaky_relu(conv.forward(x), 0.1);
            }

            return conv_post.forward(x);
        }
    }
}
