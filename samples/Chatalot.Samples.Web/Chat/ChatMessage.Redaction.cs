namespace Chatalot.Samples.Web.Chat;

public sealed partial record ChatMessage
{
    /// <summary>
    /// Ids and time only: the generated record <c>ToString</c> would print the decrypted <see cref="Text"/> and the
    /// franking <see cref="Opening"/>, and neither may reach a log or an exception message.
    /// </summary>
    public override string ToString() => $"ChatMessage {{ Id = {Id}, ChannelId = {ChannelId}, SenderId = {SenderId}, SentAt = {SentAt:O} }}";
}
