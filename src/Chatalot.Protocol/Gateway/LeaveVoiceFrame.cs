namespace Chatalot.Protocol.Gateway;

/// <summary>Leaves the voice channel this device is in; answered with <c>request_completed</c> when a request id is given.</summary>
/// <param name="RequestId">Correlates the answer, if wanted.</param>
public sealed record LeaveVoiceFrame(string? RequestId = null) : ClientFrame;
