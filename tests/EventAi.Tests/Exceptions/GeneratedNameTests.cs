using System.Reflection;
using System.Text.Json;
using EventAi.Tests.Describing;

namespace EventAi.Tests.Exceptions;

/// <summary>
/// Frames of code the compiler renamed read as the source does: top-level statements as <c>Main</c>,
/// local functions by their own name, sync or async.
/// </summary>
public sealed class GeneratedNameTests
{
    [Test]
    public void An_async_top_level_statement_frame_is_main_on_program()
    {
        Exception error = RunTopLevelApp();

        JsonElement[] frames = FramesOf(error);

        Assert.That(frames[0].GetProperty("func").GetString(), Is.EqualTo("Main"));
        Assert.That(frames[0].GetProperty("module").GetString(), Is.EqualTo("Program"));
        Assert.That(frames[0].GetProperty("line").GetInt32(), Is.EqualTo(8), "the throw statement of Program.cs");
        Assert.That(Functions(ProgramFrames(frames)), Is.All.EqualTo("Main"), "the async body and the entry point that awaits it");
    }

    [Test]
    public void An_async_local_function_of_top_level_statements_is_shown_by_its_own_name()
    {
        Exception error = RunTopLevelApp("local");

        JsonElement[] frames = FramesOf(error);

        Assert.That(frames[0].GetProperty("func").GetString(), Is.EqualTo("AwaitRequestTask"));
        Assert.That(frames[0].GetProperty("module").GetString(), Is.EqualTo("Program"));
        Assert.That(Functions(ProgramFrames(frames)).Distinct(), Is.EqualTo(new[] { "AwaitRequestTask", "Main" }));
    }

    [Test]
    public void A_local_function_is_shown_by_its_own_name_and_its_caller_by_its_own()
    {
        Exception error = ThrowingCode.Capture(RequestHandler.Invoke);

        string[] functions = Functions(FramesOf(error));

        Assert.That(functions.Take(2), Is.EqualTo(new[] { "AwaitRequestTask", "Invoke" }));
    }

    [Test]
    public async Task An_async_local_function_is_shown_by_its_own_name()
    {
        Exception error = await ThrowingCode.CaptureAsync(RequestHandler.InvokeAsync);

        string[] functions = Functions(FramesOf(error));

        Assert.That(functions[0], Is.EqualTo("AwaitRequestTaskAsync"));
        Assert.That(functions, Does.Contain("InvokeAsync"));
        Assert.That(functions, Has.None.Contains('<'));
    }

    private static JsonElement[] FramesOf(Exception error) =>
        Describe.Frames(new EventDescriber().Describe(error).ToJsonElement().GetProperty("exceptions")[0]);

    // Frames of the app itself, without those of the reflection call that runs it.
    private static JsonElement[] ProgramFrames(JsonElement[] frames) =>
        frames.Where(f => f.TryGetProperty("module", out JsonElement module) && module.GetString() == "Program").ToArray();

    private static string[] Functions(JsonElement[] frames) => frames.Select(f => f.GetProperty("func").GetString()!).ToArray();

    // The app's own entry point, run in this process; what it throws comes out of the reflection call as the inner exception.
    private static Exception RunTopLevelApp(params string[] args)
    {
        MethodInfo entryPoint = Assembly.Load("EventAi.Tests.TopLevelApp").EntryPoint!;
        var error = Assert.Throws<TargetInvocationException>(() => entryPoint.Invoke(null, [args]))!;
        return error.InnerException!;
    }

    /// <summary>Shaped like ASP.NET Core's request delegate: a method that hands the work to a local function.</summary>
    private static class RequestHandler
    {
        public static void Invoke()
        {
            AwaitRequestTask(0);

            static void AwaitRequestTask(int attempt) => throw new InvalidOperationException($"request failed on attempt {attempt}");
        }

        public static async Task InvokeAsync()
        {
            await AwaitRequestTaskAsync();

            static async Task AwaitRequestTaskAsync()
            {
                await Task.Yield();
                throw new InvalidOperationException("request failed");
            }
        }
    }
}
