namespace EventAi.Cli;

/// <summary>The process boundary of the CLI: standard streams and environment, replaceable in tests.</summary>
internal sealed class CliConsole
{
    public CliConsole(Stream input, Stream output, TextWriter error, Func<string, string?> environment)
    {
        Input = input;
        Output = output;
        Error = error;
        Environment = environment;
    }

    /// <summary>Standard input, read as UTF-8 bytes.</summary>
    public Stream Input { get; }

    /// <summary>Standard output, written as UTF-8 bytes: only the answer or the description goes here.</summary>
    public Stream Output { get; }

    /// <summary>Standard error, for every message meant for the person at the terminal.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Environment { get; }

    public static CliConsole FromProcess() => new(
        System.Console.OpenStandardInput(),
        System.Console.OpenStandardOutput(),
        System.Console.Error,
        System.Environment.GetEnvironmentVariable);
}
