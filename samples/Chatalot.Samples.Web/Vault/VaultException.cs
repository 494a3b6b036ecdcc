namespace Chatalot.Samples.Web.Vault;

/// <summary>The vault could not be opened: a wrong passphrase or a damaged entry (the two are indistinguishable by design).</summary>
public sealed class VaultException(string message) : Exception(message);
