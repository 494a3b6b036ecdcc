namespace Chatalot.Protocol.Content;

/// <summary>A decrypted plaintext is not valid content (content.md §5): the only exception <see cref="ContentCodec"/> throws.</summary>
public sealed class ContentFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of <see cref="ContentFormatException"/>'s code constants.</param>
    /// <param name="message">What is wrong (never the content itself).</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public ContentFormatException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>Creates the exception with <see cref="MalformedCode"/>.</summary>
    public ContentFormatException()
        : this(MalformedCode, "The content is malformed.")
    {
    }

    /// <summary>Creates the exception with <see cref="MalformedCode"/>.</summary>
    /// <param name="message">What is wrong.</param>
    public ContentFormatException(string message)
        : this(MalformedCode, message)
    {
    }

    /// <summary>Creates the exception with <see cref="MalformedCode"/>.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ContentFormatException(string message, Exception innerException)
        : this(MalformedCode, message, innerException)
    {
    }

    /// <summary>Not padded JSON of the expected shape.</summary>
    public const string MalformedCode = "content_malformed";

    /// <summary>A major version this receiver does not implement.</summary>
    public const string UnsupportedVersionCode = "content_version_unsupported";

    /// <summary>Well-formed, but breaks a rule of its kind (a missing target, too many options…).</summary>
    public const string InvalidCode = "content_invalid";

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}
