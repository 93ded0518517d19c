using EventAi.AspNetCore;

namespace EventAi.SampleHost;

/// <summary>Serves the bundled example events: the event id is the file name, and each file is its own issue group.</summary>
public sealed class FolderEventSource(string folder) : IEventSource
{
    public async ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, eventId + ".json");
        if (eventId.Contains('/', StringComparison.Ordinal) || eventId.Contains('\\', StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        return new StoredEvent(await File.ReadAllBytesAsync(path, cancellationToken), GroupKey: eventId);
    }
}
