namespace Chatalot.Protocol.Gateway;

/// <summary>A typed error. Fatal errors are followed by a close whose reason is the code.</summary>
/// <param name="Code">A stable code from <see cref="Errors.ErrorCodes"/>.</param>
/// <param name="Message">A human-readable explanation.</param>
/// <param name="RequestId">The request id of the frame that failed, if it had one.</param>
/// <param name="ChannelId">The channel concerned, if any.</param>
/// <param name="RetryAfterMs">For rate limits: how long to wait.</param>
public sealed record ErrorFrame(string Code, string Message, string? RequestId = null, Guid? ChannelId = null, int? RetryAfterMs = null) : ServerFrame;
