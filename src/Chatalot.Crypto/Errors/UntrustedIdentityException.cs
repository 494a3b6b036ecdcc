namespace Chatalot.Crypto;

/// <summary>
/// The peer presented an identity key that differs from the pinned one. Nothing was changed: show the user the
/// new safety number and, once they accept it, call <see cref="IIdentityKeyStore.SaveIdentityAsync"/> and retry.
/// </summary>
public sealed class UntrustedIdentityException : ChatalotCryptoException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="userId">The user whose key changed.</param>
    /// <param name="identityKey">The new, untrusted public identity key.</param>
    public UntrustedIdentityException(string userId, IdentityKey identityKey)
        : base(CryptoErrorCode.UntrustedIdentity, "The identity key of the peer changed and has not been approved.")
    {
        UserId = userId;
        IdentityKey = identityKey;
    }

    /// <summary>The user whose key changed.</summary>
    public string UserId { get; }

    /// <summary>The new, untrusted public identity key.</summary>
    public IdentityKey IdentityKey { get; }
}
