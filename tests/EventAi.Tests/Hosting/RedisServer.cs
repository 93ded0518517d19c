using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventAi.Tests.Hosting;

/// <summary>
/// A real redis-server process on a free loopback port, started and stopped by the test that owns it.
/// CI installs the package (.ci/run); where it is missing the test is ignored.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;
    private string _binary = "redis-server";

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Registers this server as the host's shared cache, as a host app does with AddStackExchangeRedisCache.</summary>
    public void AddTo(Microsoft.Extensions.DependencyInjection.IServiceCollection services, TimeSpan? timeout = null)
    {
        int milliseconds = (int)(timeout ?? TimeSpan.FromSeconds(2)).TotalMilliseconds;
        StackExchange.Redis.ConfigurationOptions options = StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = milliseconds;
        options.SyncTimeout = milliseconds;
        options.AsyncTimeout = milliseconds;
        options.ConnectRetry = 0;
        Microsoft.Extensions.DependencyInjection.StackExchangeRedisCacheServiceCollectionExtensions.AddStackExchangeRedisCache(services, redis =>
        {
            redis.ConfigurationOptions = options;
            redis.InstanceName = "eventai:";
        });
    }

    public static async Task<RedisServer> StartAsync()
    {
        string? binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Ignore("redis-server is not installed (CI installs it with apt-get).");
        }

        var server = new RedisServer(FreePort()) { _binary = binary! };
        await server.LaunchAsync();
        return server;
    }

    /// <summary>Starts the server again on the same port after <see cref="StopAsync"/>, empty.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process?.Dispose();
        await LaunchAsync();
    }

    /// <summary>How many keys the server holds.</summary>
    public async Task<int> KeyCountAsync()
    {
        using Process cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "dbsize"])
        {
            RedirectStandardOutput = true,
        })!;
        string output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return int.TryParse(output.Trim(), out int keys) ? keys : -1;
    }

    private async Task LaunchAsync()
    {
        _process = Process.Start(new ProcessStartInfo(_binary, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await WaitUntilListeningAsync();
    }

    /// <summary>Waits until the server holds at least one key (writes of the second cache level land in the background).</summary>
    public async Task WaitForAnyKeyAsync()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (await KeyCountAsync() > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
