using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ratchet.S3.Tests.Runs;

/// <summary>
/// A TCP relay in front of the gateway that, once it sees a request line containing <paramref name="trigger"/>,
/// holds everything the client sends from then on instead of forwarding it. The test can then kill the client and
/// decide what the store receives: all the held bytes (the request landed as the client died) or none (it was lost).
/// </summary>
internal sealed class HoldingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly string _trigger;
    private readonly TaskCompletionSource _triggered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(NetworkStream Server, MemoryStream Held)> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public HoldingProxy(string targetEndpoint, string trigger)
    {
        _target = new Uri(targetEndpoint);
        _trigger = trigger;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public Task Triggered => _triggered.Task;

    /// <summary>Sends the held bytes on to the store, as if the request had left the client before it died.</summary>
    public async Task ReleaseHeldAsync()
    {
        foreach (var (server, held) in Snapshot())
        {
            await server.WriteAsync(held.ToArray());
            await server.FlushAsync();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private List<(NetworkStream Server, MemoryStream Held)> Snapshot()
    {
        lock (_held)
        {
            return [.. _held];
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(_target.Host, _target.Port);
            _ = PumpAsync(client.GetStream(), server.GetStream(), inspect: true);
            _ = PumpAsync(server.GetStream(), client.GetStream(), inspect: false);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool inspect)
    {
        byte[] buffer = new byte[64 << 10];
        MemoryStream? held = null;
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (inspect && held is null && Encoding.Latin1.GetString(buffer, 0, read).Contains(_trigger, StringComparison.Ordinal) && !_triggered.Task.IsCompleted)
                {
                    held = new MemoryStream();
                    lock (_held)
                    {
                        _held.Add((to, held));
                    }

                    _triggered.TrySetResult();
                }

                if (held is not null)
                {
                    held.Write(buffer, 0, read);
                }
                else
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A side closed: the relay ends with it.
        }
    }
}
