using Chatalot.Protocol.Channels;

namespace Chatalot.Samples.Web.Chat;

/// <summary>A channel or DM in the sidebar and the quick switcher.</summary>
public sealed record ChannelEntry(Channel Channel, string DisplayName, string Context, Guid? DmPartner)
{
    public Guid Id => Channel.Id;

    public bool IsDirect => DmPartner is not null;

    /// <summary>"#name" for a channel, "@name" for a DM.</summary>
    public string Label => (IsDirect ? "@" : "#") + DisplayName;
}
