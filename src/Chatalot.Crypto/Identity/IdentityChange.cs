namespace Chatalot.Crypto;

/// <summary>What saving a peer identity key did to the pinned key (trust on first use).</summary>
public enum IdentityChange
{
    /// <summary>No key was pinned for the user; this one is now pinned.</summary>
    NewIdentity = 0,

    /// <summary>The same key was already pinned.</summary>
    Unchanged = 1,

    /// <summary>A different key was pinned and has been replaced; tell the user their safety number changed.</summary>
    Replaced = 2,
}
