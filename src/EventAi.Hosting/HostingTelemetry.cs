using System.Diagnostics.Metrics;

namespace EventAi;

/// <summary>The host-side instruments, on the same <c>EventAi</c> meter as the library's own.</summary>
internal static class HostingTelemetry
{
    public static readonly Counter<long> CacheRequestsCounter = EventAiTelemetry.Meter.CreateCounter<long>(
        EventAiTelemetry.CacheRequests, "{request}", "Suggestion cache look-ups by result.");

    public static readonly Counter<long> PolicyRestrictionsCounter = EventAiTelemetry.Meter.CreateCounter<long>(
        EventAiTelemetry.PolicyRestrictions, "{request}", "Requests restricted by the policy, by restriction.");
}
