using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>Where the endpoint finds events: the host app's own store.</summary>
public interface IEventSource
{
    /// <summary>
    /// The event with this id, as the caller may see it (the request carries the route values, such as
    /// the project, and the user); <c>null</c> when there is none, which the endpoint answers with 404.
    /// Give the group key at once and the payload on demand (<see cref="StoredEvent(string?, Func{CancellationToken, ValueTask{Stream}}, long?)"/>):
    /// when the group's answer is cached, the payload is never read.
    /// </summary>
    /// <param name="context">The request asking for it.</param>
    /// <param name="eventId">The event id from the route.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    ValueTask<StoredEvent?> FindAsync(HttpContext context, string eventId, CancellationToken cancellationToken);
}
