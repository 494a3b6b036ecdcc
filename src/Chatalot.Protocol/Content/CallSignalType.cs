namespace Chatalot.Protocol.Content;

/// <summary>The kinds of <see cref="CallSignal"/> (calls.md §3).</summary>
public static class CallSignalType
{
    /// <summary>An SDP offer, from the participant that joined later (and for renegotiation, from either side).</summary>
    public const string Offer = "offer";

    /// <summary>An SDP answer to an offer.</summary>
    public const string Answer = "answer";

    /// <summary>A batch of trickled ICE candidates.</summary>
    public const string Candidates = "candidates";

    /// <summary>The sender closes its connection to the recipient (it left, or gives up on a failed connection).</summary>
    public const string Hangup = "hangup";

    /// <summary>A DM call: the caller (already in the DM's call) rings the other member's devices.</summary>
    public const string Ring = "ring";

    /// <summary>The callee declined a ring; sent to the caller's device and to the callee's own other devices.</summary>
    public const string Decline = "decline";
}
