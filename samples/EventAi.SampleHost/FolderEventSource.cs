using EventAi.AspNetCore;

namespace EventAi.SampleHost;

/// <summary>
/// Serves a folder of example events: the event id is the file name, and each file is its own issue
/// group. The group is known without reading the file, so a cached answer never opens it.
/// </summary>
public sealed class FolderEventSource : IEventSource
{
    private readonly string _folder;

    public FolderEventSource(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The events folder '{folder}' does not exist.");
        }

        _folder = folder;
    }

    public string Folder => _folder;

    public ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken)
    {
        if (eventId.Length == 0 || eventId.AsSpan().IndexOfAny('/', '\\') >= 0 || eventId.StartsWith('.'))
        {
            return ValueTask.FromResult<StoredEvent?>(null);
        }

        var file = new FileInfo(Path.Combine(_folder, eventId + ".json"));
        return ValueTask.FromResult(file.Exists
            ? new StoredEvent(groupKey: eventId, openJson: _ => ValueTask.FromResult<Stream>(file.OpenRead()), length: file.Length)
            : null);
    }
}
