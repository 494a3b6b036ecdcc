namespace Chatalot.Client.Voice;

/// <summary>Why a ring stopped (<see cref="CallRingEnded"/>).</summary>
public enum CallRingEndReason
{
    /// <summary>This device accepted.</summary>
    Answered,

    /// <summary>Another device of this account joined the call.</summary>
    AnsweredElsewhere,

    /// <summary>This device or another of this account declined.</summary>
    Declined,

    /// <summary>The caller left the call before anyone answered.</summary>
    CallerLeft,

    /// <summary>Nobody answered within the ring time.</summary>
    Expired,
}
