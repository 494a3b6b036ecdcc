namespace Chatalot.Server.Hosting;

/// <summary>Profile image and custom emoji limits, bound from <c>Chatalot:Profiles</c>.</summary>
public sealed record ChatalotProfileOptions
{
    /// <summary>Largest avatar image, in bytes. Default 2 MiB.</summary>
    public int AvatarMaxBytes { get; init; } = Protocol.Profiles.ProfileImages.AvatarMaxBytes;

    /// <summary>Largest banner image, in bytes. Default 4 MiB.</summary>
    public int BannerMaxBytes { get; init; } = Protocol.Profiles.ProfileImages.BannerMaxBytes;

    /// <summary>Largest custom emoji image, in bytes. Default 256 KiB.</summary>
    public int EmojiMaxBytes { get; init; } = Protocol.Profiles.ProfileImages.EmojiMaxBytes;

    /// <summary>Most custom emoji one community may have. Default 50.</summary>
    public int EmojiPerCommunity { get; init; } = 50;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public void Validate()
    {
        // Images live in the main database: 64 MiB is far past any sensible avatar and keeps one row readable in memory.
        const int Ceiling = 64 * 1024 * 1024;
        if (AvatarMaxBytes is < 1 or > Ceiling || BannerMaxBytes is < 1 or > Ceiling || EmojiMaxBytes is < 1 or > Ceiling)
        {
            throw new InvalidOperationException("Chatalot:Profiles image limits must be 1 byte to 64 MiB.");
        }

        if (EmojiPerCommunity < 0)
        {
            throw new InvalidOperationException("Chatalot:Profiles:EmojiPerCommunity must not be negative.");
        }
    }
}
