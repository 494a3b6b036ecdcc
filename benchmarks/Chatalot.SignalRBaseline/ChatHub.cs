using Microsoft.AspNetCore.SignalR;

namespace Chatalot.SignalRBaseline;

/// <summary>
/// The idiomatic SignalR chat hub the load tool compares the Chatalot gateway against: a connection joins a group per
/// channel, and a message sent to a channel is broadcast to the group with the JSON hub protocol.
/// </summary>
/// <remarks>
/// Unlike the Chatalot gateway it authenticates nobody, authorises nothing and writes nothing durably, so the ratios in
/// docs/benchmarks.md favour this baseline.
/// </remarks>
public sealed class ChatHub : Hub
{
    /// <summary>Joins the group of a channel (the counterpart of the gateway's <c>subscribe</c>).</summary>
    public Task Subscribe(string channel) => Groups.AddToGroupAsync(Context.ConnectionId, channel, Context.ConnectionAborted);

    /// <summary>
    /// Broadcasts an opaque payload to everyone in the channel's group (the counterpart of <c>send_message</c>);
    /// completes once SignalR has queued the message for every member, which is when the caller's invocation is acknowledged.
    /// </summary>
    public Task Send(string channel, string payload) => Clients.Group(channel).SendAsync("message", channel, payload, Context.ConnectionAborted);
}
