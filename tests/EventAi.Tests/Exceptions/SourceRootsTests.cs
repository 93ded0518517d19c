using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventAi.Tests.Describing;

namespace EventAi.Tests.Exceptions;

/// <summary>
/// Issue 10, item 4: exception text names files, and the text is untrusted. Source lines are read only
/// from regular files under <see cref="DescribeOptions.SourceRoots"/>: never from devices, FIFOs,
/// <c>/proc</c>, links out of a root or files that are too large, and never by hanging.
/// </summary>
[Platform("Linux", Reason = "FIFOs, /proc and /dev as found on Linux")]
public sealed class SourceRootsTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);
    private DirectoryInfo _root = null!;
    private DirectoryInfo _outside = null!;
    private string _app = "";
    private string _fifo = "";

    [OneTimeSetUp]
    public void CreateFiles()
    {
        _root = Directory.CreateTempSubdirectory("eventai-root-");
        _outside = Directory.CreateTempSubdirectory("eventai-outside-");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "src"));
        _app = Path.Combine(_root.FullName, "src", "App.cs");
        File.WriteAllLines(_app, Enumerable.Range(1, 20).Select(i => $"int line{i} = {i};"));
        File.WriteAllText(Path.Combine(_outside.FullName, "Secret.cs"), "string password = \"TOP-SECRET-OUTSIDE\";\n");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "src", "Link.cs"), Path.Combine(_outside.FullName, "Secret.cs"));
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "src", "Alias.cs"), _app);
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "linked"), _outside.FullName);
        File.WriteAllText(Path.Combine(_root.FullName, "src", "Huge.cs"), string.Concat(Enumerable.Repeat("int huge = 1; // HUGE-FILE-LINE\n", 100_000)));
        _fifo = Path.Combine(_root.FullName, "src", "Pipe.cs");
        using Process mkfifo = Process.Start("mkfifo", [_fifo]);
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
    }

    [OneTimeTearDown]
    public void DeleteFiles()
    {
        _root.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    [Test]
    public void A_file_under_a_root_gives_its_source_lines()
    {
        JsonElement crash = CrashFrame(_app, 7, [_root.FullName]);

        Assert.That(crash.GetProperty("code").GetString(), Is.EqualTo("int line7 = 7;"));
        Assert.That(crash.GetProperty("code_before").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public void Exception_text_reads_no_file_by_default()
    {
        JsonElement crash = CrashFrame(_app, 7, roots: null);

        Assert.That(crash.GetProperty("code").GetString(), Is.Empty);
        Assert.That(crash.TryGetProperty("code_before", out _), Is.False);
    }

    [TestCase("/etc/passwd", 1)]
    [TestCase("/proc/self/environ", 1)]
    [TestCase("/dev/zero", 1)]
    public void System_files_named_by_the_text_are_not_read_by_default(string path, int line)
    {
        string json = Describe(path, line, roots: null).ToJson();

        Assert.That(CrashFrameOf(json).GetProperty("code").GetString(), Is.Empty);
        Assert.That(json, Does.Not.Contain("root:x:0").And.Not.Contain("PATH="));
    }

    [TestCase("/etc/passwd")]
    [TestCase("/proc/self/environ")]
    [TestCase("/proc/self/status")]
    [TestCase("/sys/kernel/mm/transparent_hugepage/enabled")]
    [TestCase("/dev/zero")]
    [TestCase("/dev/urandom")]
    public void Kernel_file_systems_and_devices_are_never_read_even_under_a_root_of_slash(string path)
    {
        var roots = new[] { path == "/etc/passwd" ? _root.FullName : "/" };

        Assert.That(CrashFrame(path, 1, roots).GetProperty("code").GetString(), Is.Empty);
    }

    [Test]
    public void A_fifo_is_not_opened_and_nothing_hangs()
    {
        Assert.That(CrashFrame(_fifo, 1, [_root.FullName]).GetProperty("code").GetString(), Is.Empty);
        Assert.That(CrashFrame(_fifo, 1, roots: null).GetProperty("code").GetString(), Is.Empty);
    }

    [TestCase("src/Link.cs", TestName = "A link to a file outside the root")]
    [TestCase("linked/Secret.cs", TestName = "A file in a linked directory outside the root")]
    [TestCase("src/../../{outside}/Secret.cs", TestName = "A path that climbs out of the root")]
    [TestCase("src/Alias.cs", TestName = "A link that stays inside the root (links are not followed)")]
    public void Links_and_paths_out_of_the_root_are_not_followed(string relative)
    {
        string path = Path.Combine(_root.FullName, relative.Replace("{outside}", _outside.Name, StringComparison.Ordinal));

        string json = Describe(path, 1, [_root.FullName]).ToJson();

        Assert.That(CrashFrameOf(json).GetProperty("code").GetString(), Is.Empty);
        Assert.That(json, Does.Not.Contain("TOP-SECRET-OUTSIDE"));
    }

    [Test]
    public void A_file_outside_every_root_is_not_read()
    {
        string json = Describe(Path.Combine(_outside.FullName, "Secret.cs"), 1, [_root.FullName]).ToJson();

        Assert.That(json, Does.Not.Contain("TOP-SECRET-OUTSIDE"));
    }

    [Test]
    public void A_file_over_the_size_cap_is_not_read()
    {
        string json = Describe(Path.Combine(_root.FullName, "src", "Huge.cs"), 3, [_root.FullName]).ToJson();

        Assert.That(json, Does.Not.Contain("HUGE-FILE-LINE"));
    }

    [Test]
    public void A_relative_path_in_the_text_is_not_read()
    {
        Assert.That(CrashFrame("src/App.cs", 7, [_root.FullName]).GetProperty("code").GetString(), Is.Empty);
    }

    [Test]
    public void A_relative_source_root_is_rejected_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new EventDescriber(new DescribeOptions { SourceRoots = ["src"] }))!;

        Assert.That(error.Message, Does.Contain("DescribeOptions.SourceRoots").And.Contain("'src'"));
    }

    [Test]
    public async Task Eventai_describe_reads_only_regular_files_under_the_current_directory()
    {
        string work = _root.FullName;
        string[] paths =
        [
            _app, "/etc/passwd", "/proc/self/environ", _fifo, "/dev/zero", Path.Combine(work, "src", "Link.cs"),
            Path.Combine(work, "src", "Huge.cs"), Path.Combine(_outside.FullName, "Secret.cs"),
        ];
        string text = "System.InvalidOperationException: boom\n"
            + string.Concat(paths.Select((p, i) => $"   at Shop.Orders.Step{i}() in {p}:line 3\n"));
        string file = Path.Combine(work, "crash.txt");
        await File.WriteAllTextAsync(file, text);

        (int exitCode, string stdout, string stderr) = await RunCliAsync(work, "describe", file, "--detailed", "true", "--max-frames", "20");

        Assert.That(exitCode, Is.Zero, stderr);
        JsonElement[] frames = Describing.Describe.Frames(JsonDocument.Parse(stdout).RootElement.GetProperty("exceptions")[0]);
        Assert.That(frames.Select(f => f.GetProperty("code").GetString()),
            Is.EqualTo(new[] { "int line3 = 3;", "", "", "", "", "", "", "" }), "only the file under the current directory is read");
        Assert.That(stdout, Does.Not.Contain("root:x:0").And.Not.Contain("PATH=").And.Not.Contain("TOP-SECRET").And.Not.Contain("HUGE-FILE"));
    }

    private EventDescription Describe(string path, int line, IReadOnlyList<string>? roots)
    {
        string text = $"System.InvalidOperationException: boom\n   at Shop.Orders.Checkout() in {path}:line {line}\n";
        var describer = new EventDescriber(new DescribeOptions { SourceRoots = roots });
        Task<EventDescription> describing = Task.Run(() => describer.DescribeExceptionText(text));
        if (!describing.Wait(HangGuard))
        {
            ReleaseFifoReader();
            Assert.Fail($"Describing a frame in {path} hangs.");
        }

        return describing.Result;
    }

    private JsonElement CrashFrame(string path, int line, IReadOnlyList<string>? roots) => CrashFrameOf(Describe(path, line, roots).ToJson());

    private static JsonElement CrashFrameOf(string json) =>
        Describing.Describe.Frames(JsonDocument.Parse(json).RootElement.GetProperty("exceptions")[0])[0];

    // A reader blocked on the FIFO returns once a writer opens it and goes.
    private void ReleaseFifoReader()
    {
        using FileStream writer = new(_fifo, FileMode.Open, FileAccess.Write);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "EventAi.Cli"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("eventai describe hangs.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
