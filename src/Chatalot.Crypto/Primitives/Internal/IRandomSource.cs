using System.Security.Cryptography;

namespace Chatalot.Crypto.Primitives.Internal;

/// <summary>Source of the randomness used by a provider; replaced only by tests (deterministic vectors).</summary>
internal interface IRandomSource
{
    void Fill(Span<byte> destination);
}

/// <summary>The operating system CSPRNG through <see cref="RandomNumberGenerator"/> (works in the browser too).</summary>
internal sealed class SystemRandomSource : IRandomSource
{
    public static readonly SystemRandomSource Instance = new();

    private SystemRandomSource()
    {
    }

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
