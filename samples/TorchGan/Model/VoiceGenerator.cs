using TorchSharp;
using static TorchSharp.torch;

namespace TorchGan.Model;

/// <summary>The generator, shaped like RVC's decoder: a pre-convolution, three ×4 upsamplings with leaky ReLUs, and a
/// post-convolution with tanh, every convolution weight-normalised. Noise of 16 frames becomes 1024 samples. Each upsampling
/// repeats frames and convolves them rather than using a transposed convolution: libtorch 2.10's CPU backward of a strided
/// transposed 1-D convolution gave NaN gradients here for some inputs, which a run must never depend on.</summary>
public sealed class VoiceGenerator : nn.Module<Tensor, Tensor>
{
    public const int LatentChannels = 16;
    public const int LatentFrames = 16;

    private readonly WeightNormConv1d conv_pre;
    private readonly TorchSharp.Modules.ModuleList<WeightNormConv1d> ups;
    private readonly WeightNormConv1d conv_post;

    public VoiceGenerator(int width, torch.Generator weights)
        : base(nameof(VoiceGenerator))
    {
        conv_pre = new WeightNormConv1d(LatentChannels, 4 * width, 7, padding: 3, generator: weights);
        ups = nn.ModuleList(
            new WeightNormConv1d(4 * width, 2 * width, 7, padding: 3, generator: weights),
            new WeightNormConv1d(2 * width, width, 7, padding: 3, generator: weights),
            new WeightNormConv1d(width, width, 7, padding: 3, generator: weights));
        conv_post = new WeightNormConv1d(width, 1, 7, padding: 3, generator: weights);
        RegisterComponents();
    }

    public override Tensor forward(Tensor noise)
    {
        var x = conv_pre.forward(noise);
        foreach (var up in ups)
        {
            x = up.forward(nn.functional.leaky_relu(x, 0.1).repeat_interleave(4, dim: 2));
        }

        return tanh(conv_post.forward(nn.functional.leaky_relu(x, 0.1)));
    }
}
