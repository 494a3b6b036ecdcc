namespace Chatalot.Client;

/// <summary>The author of a message: the user and the exact device whose keys authenticated it.</summary>
/// <param name="UserId">The sending user.</param>
/// <param name="DeviceId">The sending device.</param>
/// <param name="Username">The user's name as the server reports it, when known (display only: not authenticated).</param>
public sealed record MessageSender(UserId UserId, DeviceId DeviceId, string? Username = null)
{
    /// <summary>The user's display name, from the client's <see cref="EntityDirectory"/>, when known (display only: not authenticated).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Whether the sender is a bot account, from the client's <see cref="EntityDirectory"/> (false when unknown).</summary>
    public bool IsBot { get; init; }
}
