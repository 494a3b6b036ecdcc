namespace Chatalot.Protocol.Messages;

/// <summary>A previous body of an edited message.</summary>
/// <param name="MessageId">The message.</param>
/// <param name="Envelope">The body before the edit.</param>
/// <param name="EditedAt">When it was replaced.</param>
public sealed record MessageEdit(Guid MessageId, MessageEnvelope Envelope, DateTimeOffset EditedAt);
