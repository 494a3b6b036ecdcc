namespace Chatalot.Protocol.Gateway;

/// <summary>Acknowledges to-device messages so the server deletes them.</summary>
/// <param name="MessageIds">The inbox ids.</param>
public sealed record AckToDeviceFrame(IReadOnlyList<Guid> MessageIds) : ClientFrame;
