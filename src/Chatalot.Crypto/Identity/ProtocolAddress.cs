namespace Chatalot.Crypto;

/// <summary>
/// Where a session ends: a user and one of their devices. Sessions, prekeys and sender keys are per device from
/// the start, even while every user has a single device.
/// </summary>
public sealed record ProtocolAddress
{
    /// <summary>Maximum UTF-8 length of a user id.</summary>
    public const int MaxUserIdBytes = 255;

    /// <summary>Creates an address.</summary>
    /// <param name="userId">The stable user id (e.g. a UUID string); 1 to 255 UTF-8 bytes.</param>
    /// <param name="deviceId">The device id within the user.</param>
    /// <exception cref="ArgumentException">The user id is empty or too long.</exception>
    public ProtocolAddress(string userId, uint deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (System.Text.Encoding.UTF8.GetByteCount(userId) > MaxUserIdBytes)
        {
            throw new ArgumentException("The user id is longer than 255 UTF-8 bytes.", nameof(userId));
        }

        UserId = userId;
        DeviceId = deviceId;
    }

    /// <summary>The stable user id.</summary>
    public string UserId { get; }

    /// <summary>The device id within the user.</summary>
    public uint DeviceId { get; }

    /// <inheritdoc />
    public override string ToString() => $"{UserId}.{DeviceId}";
}
