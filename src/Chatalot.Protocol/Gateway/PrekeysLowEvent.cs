namespace Chatalot.Protocol.Gateway;

/// <summary>One of the user's devices is running out of one-time prekeys; upload more.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Counts">What is left.</param>
public sealed record PrekeysLowEvent(int DeviceId, Keys.PrekeyCounts Counts) : ServerEvent;
