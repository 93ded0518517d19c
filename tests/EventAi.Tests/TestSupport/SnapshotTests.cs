namespace EventAi.Tests.TestSupport;

/// <summary>The snapshot helper keeps Verify's conventions.</summary>
[NonParallelizable]
public sealed class SnapshotTests
{
    private string _directory = "";
    private string _testFile = "";
    private string? _ci;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("eventai-snapshots-").FullName;
        _testFile = Path.Combine(_directory, "SomeTests.cs");
        _ci = Environment.GetEnvironmentVariable("CI");
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Environment.SetEnvironmentVariable("CI", _ci);
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void A_missing_snapshot_fails_under_ci_and_writes_only_the_received_file()
    {
        Environment.SetEnvironmentVariable("CI", "true");

        Assert.Throws<AssertionException>(() => Snapshot.Match("text", "Missing", _testFile));

        Assert.That(File.Exists(Path.Combine(_directory, "Snapshots", "Missing.verified.txt")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(_directory, "Snapshots", "Missing.received.txt")), Is.EqualTo("text"));
    }

    [Test]
    public void A_mismatch_writes_the_received_file_and_fails_with_a_diff()
    {
        Environment.SetEnvironmentVariable("CI", "true");
        Directory.CreateDirectory(Path.Combine(_directory, "Snapshots"));
        File.WriteAllText(Path.Combine(_directory, "Snapshots", "Changed.verified.txt"), "a\nb\nc\n");

        AssertionException failure = Assert.Throws<AssertionException>(() => Snapshot.Match("a\nB\nc\n", "Changed", _testFile))!;

        Assert.That(failure.Message, Does.Contain("- b").And.Contain("+ B"));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "Snapshots", "Changed.received.txt")), Is.EqualTo("a\nB\nc\n"));
    }

    [Test]
    public void A_match_removes_a_stale_received_file()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "Snapshots"));
        File.WriteAllText(Path.Combine(_directory, "Snapshots", "Same.verified.txt"), "same\r\n");
        File.WriteAllText(Path.Combine(_directory, "Snapshots", "Same.received.txt"), "old");

        Snapshot.Match("same\n", "Same", _testFile);

        Assert.That(File.Exists(Path.Combine(_directory, "Snapshots", "Same.received.txt")), Is.False);
    }
}
