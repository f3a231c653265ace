using Ratchet.Tensors;

namespace Ratchet.PyTorch.Export;

/// <summary>A tensor to write into a PyTorch file: a tensor of a mapped safetensors part, read only while it is written.</summary>
internal sealed record ExportTensor(SafetensorsFile Source, TensorInfo Info, PyTorchDType DType);
