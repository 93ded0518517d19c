namespace EventAi;

/// <summary>Which host-registered chat client EventAi uses, set by <see cref="EventAiBuilder.UseChatClient"/>.</summary>
internal sealed class ChatClientSelection
{
    public object? ServiceKey { get; set; }
}
