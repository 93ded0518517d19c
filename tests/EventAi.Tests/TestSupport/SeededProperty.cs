using CsCheck;

namespace EventAi.Tests.TestSupport;

/// <summary>
/// Runs a CsCheck generator for a fixed number of cases from a fixed seed, so every run checks the
/// same cases and takes the same bounded time. A failure names the case and the seed that makes it.
/// </summary>
internal static class SeededProperty
{
    public static void Check<T>(Gen<T> gen, Func<T, bool> property, ulong seed, int cases)
    {
        for (int i = 0; i < cases; i++)
        {
            var pcg = new PCG(1, seed + (ulong)i);
            string caseSeed = pcg.ToString();
            T value = gen.Generate(pcg, null!, out _);
            bool holds;
            try
            {
                holds = property(value);
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {i} (CsCheck seed {caseSeed}) threw {e.GetType().Name}: {e.Message}\nInput: {Print(value)}\n{e}");
                return;
            }

            if (!holds)
            {
                Assert.Fail($"Case {i} (CsCheck seed {caseSeed}) does not hold.\nInput: {Print(value)}");
            }
        }
    }

    private static string Print<T>(T value) => CsCheck.Check.Print(value);
}
