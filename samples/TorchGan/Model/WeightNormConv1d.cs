using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchGan.Model;

/// <summary>A 1-D convolution (or transposed convolution) with weight normalisation as RVC's generator uses it: the weight
/// is <c>weight_g · weight_v / ‖weight_v‖</c>, with parameters named exactly as PyTorch's <c>weight_norm</c> names them.</summary>
public sealed class WeightNormConv1d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight_v;
    private readonly Parameter weight_g;
    private readonly Parameter bias;
    private readonly long _stride;
    private readonly long _padding;
    private readonly bool _transposed;

    public WeightNormConv1d(long inputs, long outputs, long kernel, long stride = 1, long padding = 0, bool transposed = false, torch.Generator? generator = null)
        : base(nameof(WeightNormConv1d))
    {
        _stride = stride;
        _padding = padding;
        _transposed = transposed;
        long[] shape = transposed ? [inputs, outputs, kernel] : [outputs, inputs, kernel];
        using var noise = randn(shape, generator: generator);
        using var v = noise * 0.02;
        weight_v = nn.Parameter(v.clone());
        weight_g = nn.Parameter(v.pow(2).sum([1, 2], keepdim: true).sqrt());
        bias = nn.Parameter(zeros(outputs));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        // Not disposed here: autograd still needs them; the training loop's dispose scope frees them after the step.
        var norm = weight_v.pow(2).sum([1, 2], keepdim: true).sqrt();
        var weight = weight_g * weight_v / norm;
        return _transposed
            ? nn.functional.conv_transpose1d(input, weight, bias, stride: _stride, padding: _padding)
            : nn.functional.conv1d(input, weight, bias, stride: _stride, padding: _padding);
    }
}
