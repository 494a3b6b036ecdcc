using Chatalot.Protocol.Gateway;

namespace Chatalot.Protocol.Profiles;

/// <summary>
/// The status a user chose (<c>GET</c> and <c>PUT /users/me/status</c>). It is stored, survives reconnects and applies
/// to all the user's connections: <see cref="PresenceStatus.Online"/> lets each connection's <c>update_presence</c>
/// decide (an app marking itself idle); <see cref="PresenceStatus.Idle"/>, <see cref="PresenceStatus.Dnd"/> and
/// <see cref="PresenceStatus.Invisible"/> hold while the user is connected at all.
/// </summary>
/// <param name="Status">Online, idle, dnd or invisible (not offline).</param>
/// <param name="CustomText">A custom status text of at most <see cref="ChatalotLimits.CustomStatusMaxLength"/> characters, or null for none.</param>
/// <param name="CustomExpiresAt">When the custom text stops being shown (must be in the future), or null to keep it.</param>
public sealed record UserStatus(PresenceStatus Status, string? CustomText = null, DateTimeOffset? CustomExpiresAt = null);
