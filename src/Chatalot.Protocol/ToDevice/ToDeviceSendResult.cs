namespace Chatalot.Protocol.ToDevice;

/// <summary>Result of a to-device send: one inbox id per accepted payload, in request order.</summary>
/// <param name="MessageIds">The stored ids.</param>
public sealed record ToDeviceSendResult(IReadOnlyList<Guid> MessageIds);
