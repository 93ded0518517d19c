using EventAi.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await EventAiCli.RunAsync(args, CliConsole.FromProcess(), cancellation.Token).ConfigureAwait(false);
