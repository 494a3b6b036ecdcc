namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Acknowledges to-device messages so the server deletes them. With a request id the server answers
/// <c>request_completed</c> once the entries are deleted (or an <c>error</c> with that id); without one it answers
/// nothing on success.
/// </summary>
/// <param name="MessageIds">The inbox ids; unknown ids are ignored so acks are idempotent.</param>
/// <param name="RequestId">An optional client-chosen id: when given, the deletion is confirmed by <c>request_completed</c>.</param>
public sealed record AckToDeviceFrame(IReadOnlyList<Guid> MessageIds, string? RequestId = null) : ClientFrame;
