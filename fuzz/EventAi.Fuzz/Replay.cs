namespace EventAi.Fuzz;

/// <summary>Runs a target once on each file and says what happened; the first failure ends it with its stack.</summary>
internal static class Replay
{
    private const int TraceMapBytes = 1 << 16;

    public static unsafe int Run(FuzzTarget target, string[] files)
    {
        // The instrumented EventAi.dll records branches into SharpFuzz's map, which only afl-fuzz (or
        // Fuzzer.Run) sets up otherwise; without one every instrumented branch writes through null.
        SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(TraceMapBytes);
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                target(input);
            }
            catch (Exception e)
            {
                Console.WriteLine($"{file}: FAILED after {watch.ElapsedMilliseconds} ms\n{e}");
                return 1;
            }

            Console.WriteLine($"{file}: ok ({input.Length} bytes, {watch.ElapsedMilliseconds} ms)");
        }

        return 0;
    }
}
