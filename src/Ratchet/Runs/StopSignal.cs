using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Ratchet.Runs;

/// <summary>
/// Turns SIGINT and SIGTERM into a stop request the training loop observes, so it can save a checkpoint and exit
/// cleanly instead of being killed mid-epoch. A second SIGINT ends the process at once (the user means it).
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly ILogger _logger;
    private int _interrupts;

    /// <summary>Listens for SIGINT and SIGTERM until disposed.</summary>
    public StopSignal(ILogger logger)
    {
        _logger = logger;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    /// <summary>True once a stop was requested.</summary>
    public bool IsRequested => _requested.IsCancellationRequested;

    /// <summary>Cancelled when a stop is requested (for loops that wait).</summary>
    public CancellationToken Token => _requested.Token;

    /// <summary>Requests a stop from code (same effect as the first signal).</summary>
    public void Request(string reason)
    {
        if (!_requested.IsCancellationRequested)
        {
            RunLog.StopRequested(_logger, reason);
            _requested.Cancel();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (context.Signal == PosixSignal.SIGINT && Interlocked.Increment(ref _interrupts) > 1)
        {
            context.Cancel = false; // let the default action end the process now
            return;
        }

        context.Cancel = true;
        Request(context.Signal.ToString());
    }
}
