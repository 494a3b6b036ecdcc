namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>A fetch the outbound guard refused: the host resolves only to addresses the server must not reach.</summary>
internal sealed class OutboundBlockedException : Exception
{
    public OutboundBlockedException(string message)
        : base(message)
    {
    }

    public OutboundBlockedException()
    {
    }

    public OutboundBlockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
