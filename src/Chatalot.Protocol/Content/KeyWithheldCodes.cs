namespace Chatalot.Protocol.Content;

/// <summary>Why a device refused a key request (content.md §6.3).</summary>
public static class KeyWithheldCodes
{
    /// <summary>The requester was not a member of the channel when the requested messages were sent.</summary>
    public const string Unauthorised = "unauthorised";

    /// <summary>The device no longer holds that chain (rotated away, or its record was evicted).</summary>
    public const string Unavailable = "unavailable";
}
