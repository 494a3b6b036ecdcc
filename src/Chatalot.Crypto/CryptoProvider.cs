using Chatalot.Crypto.Primitives.Internal;

namespace Chatalot.Crypto;

/// <summary>
/// A configured implementation of the cryptographic primitives. Every protocol object takes one; use
/// <see cref="Default"/> unless you must force an implementation.
/// </summary>
/// <remarks>Both providers produce and accept identical bytes; they differ only in speed and in where they run.</remarks>
public sealed class CryptoProvider
{
    private static readonly Lazy<bool> SodiumAvailable = new(SodiumPrimitives.TryInitialize);
    private static readonly Lazy<CryptoProvider> DefaultProvider = new(() => Create(CryptoProviderKind.Automatic));

    private CryptoProvider(CryptoPrimitives primitives) => Primitives = primitives;

    /// <summary>The automatically selected provider, created once per process.</summary>
    public static CryptoProvider Default => DefaultProvider.Value;

    /// <summary>True when libsodium loads on this runtime.</summary>
    public static bool IsSodiumAvailable => SodiumAvailable.Value;

    /// <summary>The implementation in use (never <see cref="CryptoProviderKind.Automatic"/>).</summary>
    public CryptoProviderKind Kind => Primitives.Kind;

    internal CryptoPrimitives Primitives { get; }

    /// <summary>Creates a provider.</summary>
    /// <param name="kind"><see cref="CryptoProviderKind.Automatic"/> picks Sodium when it loads, else Managed.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ChatalotCryptoException"><see cref="CryptoErrorCode.ProviderUnavailable"/> when Sodium was forced but cannot load.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An undefined kind.</exception>
    public static CryptoProvider Create(CryptoProviderKind kind = CryptoProviderKind.Automatic) =>
        Create(kind, SystemRandomSource.Instance);

    /// <inheritdoc />
    public override string ToString() => $"CryptoProvider({Kind})";

    /// <summary>Test seam: a provider whose randomness comes from <paramref name="random"/>.</summary>
    internal static CryptoProvider Create(CryptoProviderKind kind, IRandomSource random) => Create(kind, random, IsSodiumAvailable);

    /// <summary>Test seam: selection as if libsodium were (not) loadable.</summary>
    internal static CryptoProvider Create(CryptoProviderKind kind, IRandomSource random, bool sodiumAvailable) => kind switch
    {
        CryptoProviderKind.Automatic => new CryptoProvider(sodiumAvailable ? new SodiumPrimitives(random) : new ManagedPrimitives(random)),
        CryptoProviderKind.Sodium when sodiumAvailable => new CryptoProvider(new SodiumPrimitives(random)),
        CryptoProviderKind.Sodium => throw new ChatalotCryptoException(CryptoErrorCode.ProviderUnavailable, "libsodium cannot be loaded on this runtime."),
        CryptoProviderKind.Managed => new CryptoProvider(new ManagedPrimitives(random)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown provider kind."),
    };
}
