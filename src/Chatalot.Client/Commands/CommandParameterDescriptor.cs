namespace Chatalot.Client.Commands;

/// <summary>One typed argument of a command, as shown by <c>!help</c>.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">The argument type.</param>
/// <param name="IsOptional">Whether it may be omitted (it has a default value).</param>
/// <param name="IsRemainder">Whether it takes all remaining text.</param>
/// <param name="Description">The description from <see cref="ArgumentDescriptionAttribute"/>, or a description of the type.</param>
public sealed record CommandParameterDescriptor(string Name, Type Type, bool IsOptional, bool IsRemainder, string Description);
