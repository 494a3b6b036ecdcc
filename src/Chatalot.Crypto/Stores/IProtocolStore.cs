namespace Chatalot.Crypto;

/// <summary>Every store a device needs, in one object.</summary>
public interface IProtocolStore : IIdentityKeyStore, IPreKeyStore, ISignedPreKeyStore, IKemPreKeyStore, ISessionStore, ISenderKeyStore
{
}
