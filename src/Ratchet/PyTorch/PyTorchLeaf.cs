namespace Ratchet.PyTorch;

/// <summary>One leaf of a file's object by dotted path: dict keys joined with <c>.</c>, list and tuple items as <c>[i]</c>
/// (<c>model.dec.conv_pre.weight</c>, <c>optimizer.param_groups[0].lr</c>). The value is a <see cref="PyTorchTensor"/>, a
/// plain value (<see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="System.Numerics.BigInteger"/>,
/// <see cref="double"/>, <see cref="string"/>, <see cref="byte"/>[]), or an opaque <see cref="PyTorchObject"/>,
/// <see cref="PyTorchGlobal"/> or <see cref="PyTorchDevice"/>, which are not descended into.</summary>
public sealed record PyTorchLeaf(string Name, object? Value);
