using EventAi.Fuzz;
using SharpFuzz;

// fuzz/run starts this under afl-fuzz as `dotnet EventAi.Fuzz.dll <target>`; with files after the target
// it runs each once instead (to replay a crash or a hang that afl-fuzz saved).
if (args.Length == 0 || !FuzzTargets.TryGet(args[0], out FuzzTarget? target))
{
    Console.Error.WriteLine($"usage: EventAi.Fuzz <{string.Join('|', FuzzTargets.Names)}> [input files to replay...]");
    return 2;
}

if (args.Length > 1)
{
    return Replay.Run(target, args[1..]);
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var input = new MemoryStream();
    stream.CopyTo(input);
    target(input.ToArray());
});
return 0;
