namespace Ratchet.PyTorch.Folders;

/// <summary>
/// The step of an adopted Applio/RVC checkpoint. Applio's files hold only the epoch; their names hold the global step,
/// except "save only latest", whose 2333333 is not a step. So: the number in the G file's name when it is a step;
/// otherwise epoch × steps per epoch, where steps per epoch comes from a numbered G file of the folder (name ÷ epoch) or
/// from an Applio inference model (its <c>step</c> ÷ <c>epoch</c>), and is 1 when the folder tells neither.
/// </summary>
internal static class ApplioSteps
{
    public static long StepsPerEpoch(string directory, IReadOnlyList<ForeignFile> files)
    {
        foreach (var file in files.Where(file => file is { Role: ForeignFileRole.G, Status: ForeignFileStatus.Intact, Epoch: > 0 }))
        {
            if (ApplioNames.Number(Path.GetFileName(file.Path)) is { } number && number != ApplioNames.LatestNumber && number % file.Epoch!.Value == 0)
            {
                return number / file.Epoch.Value;
            }
        }

        foreach (var file in files.Where(file => file is { Role: ForeignFileRole.Inference, Status: ForeignFileStatus.Intact }))
        {
            using var model = PyTorchFile.Open(Path.Combine(directory, file.Path));
            if (StrictContent.WholeNumber(model, "step") is > 0 and var step && StrictContent.WholeNumber(model, "epoch") is > 0 and var epoch && step % epoch == 0)
            {
                return step / epoch;
            }
        }

        return 1;
    }

    public static long Step(ForeignFile g, long stepsPerEpoch) =>
        ApplioNames.Number(Path.GetFileName(g.Path)) is { } number && number != ApplioNames.LatestNumber
            ? number
            : checked(g.Epoch!.Value * stepsPerEpoch);
}
