namespace Chatalot.Samples.Web.Chat;

/// <summary>What the right-hand panel shows instead of the member list.</summary>
public enum SidePanelKind
{
    Thread,
    Threads,
    Pins,
    Saved,
}

/// <summary>An open side panel: a thread (with its root), a channel's threads or pins, or the saved messages.</summary>
public sealed record SidePanel(SidePanelKind Kind, Guid ChannelId, Guid? RootId = null);
