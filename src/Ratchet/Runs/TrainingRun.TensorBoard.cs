using Microsoft.Extensions.Logging;
using Ratchet.TensorBoard;

namespace Ratchet.Runs;

/// <summary>The run's TensorBoard event files: a new file per session, and after a resume (or over an earlier session's
/// files) a session START at the step the run continues from, which makes TensorBoard drop the points that the resume
/// rolled back. Event files are a view of the history: a failure to write them is logged and turns them off, never
/// stops training.</summary>
public sealed partial class TrainingRun
{
    private void StartTensorBoard(string directory)
    {
        try
        {
            bool earlierSessions = System.IO.Directory.Exists(directory)
                && System.IO.Directory.EnumerateFiles(directory, "events.out.tfevents.*").Any();
            var now = _options.TimeProvider.GetUtcNow();
            _tensorBoard = TensorBoardWriter.Create(directory, now);
            if (Resume.Step is not null || earlierSessions)
            {
                _tensorBoard.WriteSessionStart((Resume.Step ?? 0) + 1, now);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            TensorBoardFailed(error);
        }
    }

    private void WriteTensorBoard(Action<TensorBoardWriter> write)
    {
        if (_tensorBoard is null)
        {
            return;
        }

        try
        {
            write(_tensorBoard);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            TensorBoardFailed(error);
        }
    }

    private void TensorBoardFailed(Exception error)
    {
        _tensorBoard?.Dispose();
        _tensorBoard = null;
#pragma warning disable CA1848 // a one-off warning; the source-generated logging of the library's hot paths is not needed here
        _logger.LogWarning("TensorBoard event files are off for this session: {Reason} The history (history.jsonl) is unaffected; `ratchet tensorboard RUN` rewrites them.", error.Message);
#pragma warning restore CA1848
    }
}
