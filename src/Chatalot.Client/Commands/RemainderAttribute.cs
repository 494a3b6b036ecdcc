namespace Chatalot.Client.Commands;

/// <summary>
/// Marks the last <see cref="string"/> parameter of a command as taking all remaining text verbatim (spaces and
/// quotes included), as in <c>!say hello there, world</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class RemainderAttribute : Attribute;
