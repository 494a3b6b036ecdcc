namespace Chatalot.Crypto.Tests.Support;

public static class Providers
{
    public static readonly CryptoProvider Sodium = CryptoProvider.Create(CryptoProviderKind.Sodium);
    public static readonly CryptoProvider Managed = CryptoProvider.Create(CryptoProviderKind.Managed);

    public static TheoryData<CryptoProviderKind> Kinds => new() { CryptoProviderKind.Sodium, CryptoProviderKind.Managed };

    public static TheoryData<CryptoProviderKind, CryptoProviderKind> Pairs => new()
    {
        { CryptoProviderKind.Sodium, CryptoProviderKind.Sodium },
        { CryptoProviderKind.Sodium, CryptoProviderKind.Managed },
        { CryptoProviderKind.Managed, CryptoProviderKind.Sodium },
        { CryptoProviderKind.Managed, CryptoProviderKind.Managed },
    };

    public static CryptoProvider Get(CryptoProviderKind kind) => kind == CryptoProviderKind.Sodium ? Sodium : Managed;

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
