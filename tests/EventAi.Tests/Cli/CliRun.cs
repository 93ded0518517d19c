using System.Text;
using EventAi.Cli;

namespace EventAi.Tests.Cli;

/// <summary>The outcome of one in-process run of the <c>eventai</c> command line.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(
        string[] args, string stdin = "", IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var console = new CliConsole(input, output, error, name => environment?.GetValueOrDefault(name));

        int exitCode = await EventAiCli.RunAsync(args, console, cancellationToken);

        return new CliRun(exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}
