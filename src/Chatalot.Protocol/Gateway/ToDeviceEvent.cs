namespace Chatalot.Protocol.Gateway;

/// <summary>A to-device message for this connection's device; acknowledge it with <c>ack_to_device</c>.</summary>
/// <param name="Message">The inbox entry.</param>
public sealed record ToDeviceEvent(ToDevice.ToDeviceMessage Message) : ServerEvent;
